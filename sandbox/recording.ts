import { appendFileSync } from "node:fs";
import type { ServerResponse } from "node:http";
import type { RouteKind } from "./router";

/** One request as the sandbox answered it (`sb.requests`, and a line of the request log file). */
export interface RequestRecord {
  time: string;
  method: string;
  path: string;
  query: string;
  status: number;
  durationMs: number;
  kind: RouteKind | "unknown";
  requestBytes: number;
  responseBytes: number;
  /** Whether the request carried an Authorization header. */
  authorization: boolean;
  requestId: string;
  appId?: string;
  [extra: string]: unknown;
}

/** Counts the bytes a response sends into `record.responseBytes`, whichever way the handler writes them. */
export function countResponseBytes(res: ServerResponse, record: RequestRecord): void {
  const originalWrite = res.write.bind(res);
  const originalEnd = res.end.bind(res);
  res.write = ((chunk: unknown, ...rest: unknown[]) => {
    if (chunk) record.responseBytes += Buffer.byteLength(chunk as Buffer);
    return (originalWrite as (...a: unknown[]) => boolean)(chunk, ...rest);
  }) as typeof res.write;
  res.end = ((chunk?: unknown, ...rest: unknown[]) => {
    if (chunk && typeof chunk !== "function") record.responseBytes += Buffer.byteLength(chunk as Buffer);
    return (originalEnd as (...a: unknown[]) => ServerResponse)(chunk, ...rest);
  }) as typeof res.end;
}

/** Every request answered, oldest first, and (when given a file) one JSON line per request appended to it. */
export class RequestLog {
  readonly records: RequestRecord[] = [];

  constructor(private readonly file?: string) {}

  add(record: RequestRecord): void {
    this.records.push(record);
    if (this.file) appendFileSync(this.file, JSON.stringify(record) + "\n");
  }
}
