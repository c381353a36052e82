import { connect as connectTcp, type Socket } from "node:net";
import { connect as connectTls } from "node:tls";

/**
 * One HTTP exchange over a raw socket, for requests no HTTP client would send (malformed targets,
 * lying headers, broken chunking): the bytes go out exactly as given, and whatever comes back is
 * read until the answer is complete (by its Content-Length), the server closes, or time runs out.
 */

export interface RawTarget {
  /** The sandbox's base URL (http or https). */
  url: string;
  /** PEM of the CA to trust for https. */
  ca?: string;
}

export interface RawAnswer {
  /** The final status (1xx skipped); null when no status line came back. */
  status: number | null;
  headers: Record<string, string>;
  body: Buffer;
  /** The server closed the connection (after answering, or without a word). */
  closed: boolean;
  /** Time ran out before the answer was complete. */
  timedOut: boolean;
  /** A socket error (e.g. ECONNRESET), if any. */
  error?: string;
}

interface Parsed {
  status: number;
  headers: Record<string, string>;
  bodyStart: number;
}

/** The last complete head in the data (interim 1xx answers skipped), if one arrived. */
function parseHead(data: Buffer): Parsed | undefined {
  let offset = 0;
  for (;;) {
    const end = data.indexOf("\r\n\r\n", offset, "latin1");
    if (end < 0) return undefined;
    const lines = data.subarray(offset, end).toString("latin1").split("\r\n");
    const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(lines[0])?.[1] ?? NaN);
    if (!Number.isFinite(status)) return undefined;
    if (status >= 200 || status < 100) {
      const headers: Record<string, string> = {};
      for (const line of lines.slice(1)) {
        const colon = line.indexOf(":");
        if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      return { status, headers, bodyStart: end + 4 };
    }
    offset = end + 4;
  }
}

function open(target: RawTarget): Socket {
  const url = new URL(target.url);
  const port = Number(url.port || (url.protocol === "https:" ? 443 : 80));
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  return url.protocol === "https:" ? connectTls({ host, port, ca: target.ca }) : connectTcp({ host, port });
}

/** Sends `bytes` (and `tail`, if given, right after) and reads the answer. */
export function sendRaw(target: RawTarget, bytes: Buffer, timeoutMs = 10_000): Promise<RawAnswer> {
  return new Promise((resolve) => {
    const socket = open(target);
    const chunks: Buffer[] = [];
    let settled = false;
    const finish = (extra: Partial<RawAnswer>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      const data = Buffer.concat(chunks);
      const head = parseHead(data);
      resolve({
        status: head?.status ?? null,
        headers: head?.headers ?? {},
        body: head ? data.subarray(head.bodyStart) : Buffer.alloc(0),
        closed: false,
        timedOut: false,
        ...extra,
      });
    };
    const timer = setTimeout(() => finish({ timedOut: true }), timeoutMs);
    socket.on("data", (chunk: Buffer) => {
      chunks.push(chunk);
      const data = Buffer.concat(chunks);
      const head = parseHead(data);
      const length = Number(head?.headers["content-length"]);
      if (head && Number.isFinite(length) && data.length - head.bodyStart >= length) finish({});
    });
    socket.on("error", (e: NodeJS.ErrnoException) => finish({ error: e.code ?? e.message, closed: true }));
    socket.on("close", () => finish({ closed: true }));
    socket.write(bytes);
  });
}
