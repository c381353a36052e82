import diagnostics from "node:diagnostics_channel";

/**
 * Progress for long work (large uploads, Fetch All, many requests), drawn on one stderr line and
 * only when stderr is a terminal (or --progress asks for it): piped output stays clean. It watches
 * the HTTP requests the component makes (Node's public diagnostics channels for fetch) and counts
 * them and the bytes uploaded; an upload's Content-Range tells how far the file has gone. Nothing
 * from a request but its method, size and range is read: never a header value, never a token.
 */

interface UndiciRequest {
  method?: string;
  headers?: string[] | string;
}

export interface Counts {
  requests: number;
  uploadedBytes: number;
  /** The upload in flight: bytes sent so far of its total, from Content-Range. */
  upload?: { done: number; total: number };
}

/** A header's value from undici's request headers (an array of name, value pairs, or raw text). */
function header(request: UndiciRequest, name: string): string | undefined {
  const h = request.headers;
  if (Array.isArray(h)) {
    for (let i = 0; i + 1 < h.length; i += 2) if (String(h[i]).toLowerCase() === name) return String(h[i + 1]);
    return undefined;
  }
  if (typeof h === "string") {
    const line = h.split("\r\n").find((l) => l.toLowerCase().startsWith(`${name}:`));
    return line?.slice(name.length + 1).trim();
  }
  return undefined;
}

function count(counts: Counts, request: UndiciRequest): void {
  counts.requests++;
  const range = /bytes (\d+)-(\d+)\/(\d+)/.exec(header(request, "content-range") ?? "");
  if (range) {
    const [, start, end, total] = range.map(Number);
    counts.uploadedBytes += end - start + 1;
    counts.upload = { done: end + 1, total };
  } else {
    counts.uploadedBytes += Number(header(request, "content-length") ?? 0) || 0;
  }
}

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;

export function progressLine(label: string, counts: Counts, elapsedMs: number): string {
  const parts = [`${label}: ${counts.requests} request${counts.requests === 1 ? "" : "s"}`];
  const upload = counts.upload;
  if (upload && upload.done < upload.total) {
    const percent = Math.floor((100 * upload.done) / upload.total);
    parts.push(`uploading ${mb(upload.done)} of ${mb(upload.total)} (${percent}%)`);
  } else if (counts.uploadedBytes > 0) parts.push(`${mb(counts.uploadedBytes)} sent`);
  parts.push(`${(elapsedMs / 1000).toFixed(1)} s`);
  return parts.join(", ");
}

/**
 * Starts showing progress for `label`; the returned function stops it. On a terminal one line is
 * redrawn in place and cleared at the end; when forced onto a pipe or a log, plain lines are written
 * every half second and once at the end, so logs read well.
 */
export function showProgress(label: string, forced = false): () => void {
  const terminal = process.stderr.isTTY === true;
  if (!forced && !terminal) return () => undefined;
  const counts: Counts = { requests: 0, uploadedBytes: 0 };
  const started = Date.now();
  const onBodySent = (message: unknown) => count(counts, (message as { request: UndiciRequest }).request);
  diagnostics.subscribe("undici:request:bodySent", onBodySent);
  const line = () => progressLine(label, counts, Date.now() - started);
  const draw = () => process.stderr.write(terminal ? `\r\x1b[2K${line()}` : `${line()}\n`);
  // Quick work shows nothing on a terminal: the first line comes after a quarter of a second.
  const timer = setInterval(draw, terminal ? 250 : 500);
  let stopped = false;
  return () => {
    if (stopped) return;
    stopped = true;
    clearInterval(timer);
    diagnostics.unsubscribe("undici:request:bodySent", onBodySent);
    if (terminal) process.stderr.write("\r\x1b[2K");
    else process.stderr.write(`${line()}\n`);
  };
}
