import { STATUS_CODES, type OutgoingHttpHeaders, type ServerResponse } from "node:http";
import type { AfterFault } from "./faults";

/**
 * Faults after the sandbox acted: the handler's answer is captured instead of sent, then delivered
 * wrongly, as a gateway or a network would: replaced by a 504, never sent (connection reset), sent
 * in part before a reset, cut short of its Content-Length, or trickled out slowly.
 */

/** An answer as the handler wrote it. */
export interface CapturedAnswer {
  status: number;
  headers: OutgoingHttpHeaders;
  body: Buffer;
  ended: boolean;
}

/** Holds back what the handler writes; `restore()` puts the response's own methods back. */
export interface Capture {
  answer: CapturedAnswer;
  /** Header names set before the handler ran (the sandbox's own: request-id, Date, ...). */
  baseHeaders: string[];
  restore(): void;
}

export function captureResponse(res: ServerResponse): Capture {
  const { writeHead, write, end } = res;
  const answer: CapturedAnswer = { status: 200, headers: {}, body: Buffer.alloc(0), ended: false };
  const chunks: Buffer[] = [];
  const add = (chunk: unknown) => {
    if (chunk && typeof chunk !== "function") chunks.push(Buffer.from(chunk as Buffer));
  };
  res.writeHead = ((status: number, ...rest: unknown[]) => {
    answer.status = status;
    const headers = rest.find((r) => r && typeof r === "object") as OutgoingHttpHeaders | undefined;
    answer.headers = { ...answer.headers, ...headers };
    return res;
  }) as typeof res.writeHead;
  res.write = ((chunk: unknown) => (add(chunk), true)) as typeof res.write;
  res.end = ((chunk?: unknown) => {
    add(chunk);
    answer.body = Buffer.concat(chunks);
    answer.ended = true;
    return res;
  }) as typeof res.end;
  return {
    answer,
    baseHeaders: res.getHeaderNames(),
    restore: () => Object.assign(res, { writeHead, write, end }),
  };
}

/** Status line and headers as they would go on the wire, with the Content-Length given. */
function rawHead(res: ServerResponse, answer: CapturedAnswer, contentLength: number): Buffer {
  const headers: OutgoingHttpHeaders = { ...res.getHeaders(), ...answer.headers };
  for (const name of Object.keys(headers)) if (name.toLowerCase() === "content-length") delete headers[name];
  const lines = [`HTTP/1.1 ${answer.status} ${STATUS_CODES[answer.status] ?? ""}`];
  for (const [name, value] of Object.entries(headers)) {
    for (const v of Array.isArray(value) ? value : [value]) if (v !== undefined) lines.push(`${name}: ${v}`);
  }
  lines.push(`Content-Length: ${contentLength}`, "Connection: close");
  return Buffer.from(lines.join("\r\n") + "\r\n\r\n", "latin1");
}

/** Headers and half the body (or, for an empty body, half the head), then the connection is destroyed. */
function resetMidResponse(res: ServerResponse, answer: CapturedAnswer): number {
  const head = rawHead(res, answer, answer.body.length);
  const sent = answer.body.length
    ? Buffer.concat([head, answer.body.subarray(0, Math.floor(answer.body.length / 2))])
    : head.subarray(0, Math.floor(head.length / 2));
  const socket = res.socket;
  if (socket && !socket.destroyed) socket.write(sent, () => socket.destroy());
  return Math.max(0, sent.length - head.length);
}

/** A Content-Length promising more than is sent, then the connection closes cleanly. */
function truncate(res: ServerResponse, answer: CapturedAnswer): number {
  const promised = Math.max(answer.body.length, 2);
  const part = answer.body.subarray(0, Math.floor(answer.body.length / 2));
  const socket = res.socket;
  if (socket && !socket.destroyed) {
    socket.write(Buffer.concat([rawHead(res, answer, promised), part]));
    socket.end();
  }
  return part.length;
}

/** The answer as written, its body in ten pieces over `slowMs` (an empty body: the whole answer waits). */
function slow(res: ServerResponse, answer: CapturedAnswer, slowMs: number): Promise<void> {
  const pieces = answer.body.length ? Math.min(10, answer.body.length) : 1;
  const size = Math.ceil(answer.body.length / pieces);
  const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  return (async () => {
    if (!answer.body.length) await wait(slowMs);
    res.writeHead(answer.status, answer.headers);
    for (let i = 0; i < pieces && !res.destroyed; i++) {
      if (answer.body.length) await wait(slowMs / pieces);
      if (res.destroyed) break;
      res.write(answer.body.subarray(i * size, (i + 1) * size));
    }
    if (!res.destroyed) res.end();
  })();
}

export interface FaultOutcome {
  /** The status the client saw (0: no status line reached it). */
  status: number;
  /** Body bytes sent outside the response object (raw writes). */
  rawBodyBytes: number;
}

/**
 * Delivers a captured answer with its fault. `gatewayTimeout` is the caller's to answer (with
 * Graph's 504 body), so it only clears the handler's headers here.
 */
export async function deliverWithFault(
  res: ServerResponse,
  capture: Capture,
  fault: AfterFault,
): Promise<FaultOutcome> {
  capture.restore();
  const { answer } = capture;
  switch (fault.kind) {
    case "gatewayTimeout":
      for (const name of res.getHeaderNames()) if (!capture.baseHeaders.includes(name)) res.removeHeader(name);
      return { status: 504, rawBodyBytes: 0 };
    case "reset":
      res.socket?.destroy();
      return { status: 0, rawBodyBytes: 0 };
    case "resetMidResponse":
      return { status: answer.body.length ? answer.status : 0, rawBodyBytes: resetMidResponse(res, answer) };
    case "truncate":
      return { status: answer.status, rawBodyBytes: truncate(res, answer) };
    case "slow":
      await slow(res, answer, fault.slowMs);
      return { status: answer.status, rawBodyBytes: 0 };
  }
}
