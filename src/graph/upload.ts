import { GraphServiceError, ThrottledError, atStep } from "../errors";
import { redact } from "../redact";
import type { Graph } from "./client";
import { combine, CONNECTION_LOST, transportError, type Confirmation, type Outcome } from "./lostAnswers";
import { graphPath, type GraphPath } from "./path";
import { RetryBudget, retryAfterMs, retryPolicy, sleep } from "./retry";

/**
 * Outlook's rules for attachments: up to 3 MB in one request; 3 MB to 150 MB through an upload session, in chunks of at
 * most 4 MB. Both survive lost answers: a small attachment is looked for on the message before it is
 * added again, and an upload resumes where the server stands (its next expected range) after a chunk's
 * answer is lost, starting a new session only when the old one is gone.
 */
export const INLINE_LIMIT_BYTES = 3 * 1024 * 1024;
export const MAX_ATTACHMENT_BYTES = 150 * 1024 * 1024;
export const CHUNK_BYTES = 4 * 1024 * 1024;

export interface AttachmentContent {
  name: string;
  contentType: string;
  content: Buffer;
  isInline?: boolean;
  contentId?: string;
}

/** What an upload cost: bytes sent (chunks sent again included), resumes, and sessions begun anew. */
export interface UploadStats {
  bytesSent: number;
  /** Times the upload went on from the server's next expected range after a chunk's answer was lost or failed. */
  resumes: number;
  /** Sessions begun anew because the previous one was gone (expired: 404 on its URL). */
  newSessions: number;
  /** How creating the session (and, after a lost answer, finding the attachment) ended. */
  outcome: Outcome;
}

/** How many attachments of the message carry this name: after a lost answer, one more means it landed. */
export async function countNamed(
  graph: Graph,
  messagePath: GraphPath,
  name: string,
  notFound?: string,
): Promise<number> {
  const page = await graph.call<{ value: { name?: string }[] }>({
    method: "GET",
    path: graphPath`${messagePath}/attachments`,
    query: { $select: "id,name" },
    notFound,
  });
  return page.value.filter((a) => a.name === name).length;
}

/** A lookup for `confirm`: the message has more attachments of this name than the `before` it had. */
export function confirmAttached(graph: Graph, messagePath: GraphPath, name: string, before: number) {
  return async (): Promise<Confirmation> => ({ tookEffect: (await countNamed(graph, messagePath, name)) > before });
}

/**
 * Adds a small attachment to a message in one request. `before` is how many attachments of that
 * name the message had: after a lost answer, one more means it landed and it is not added again.
 */
export async function addInlineAttachment(
  graph: Graph,
  messagePath: GraphPath,
  a: AttachmentContent,
  before: number,
): Promise<Outcome> {
  const { outcome } = await graph.callWithOutcome({
    method: "POST",
    path: graphPath`${messagePath}/attachments`,
    body: {
      "@odata.type": "#microsoft.graph.fileAttachment",
      name: a.name,
      contentType: a.contentType,
      contentBytes: a.content.toString("base64"),
      isInline: a.isInline ?? false,
      ...(a.contentId ? { contentId: a.contentId } : {}),
    },
    confirm: confirmAttached(graph, messagePath, a.name, before),
  });
  return outcome;
}

/** A new upload session for the attachment; a lost answer is harmless (an unused session expires), so it repeats. */
async function createSession(
  graph: Graph,
  messagePath: GraphPath,
  a: AttachmentContent,
): Promise<{ uploadUrl: string; outcome: Outcome }> {
  const { result, outcome } = await graph.callWithOutcome<{ uploadUrl: string }>({
    method: "POST",
    path: graphPath`${messagePath}/attachments/createUploadSession`,
    body: {
      AttachmentItem: {
        attachmentType: "file",
        name: a.name,
        size: a.content.length,
        contentType: a.contentType,
        isInline: a.isInline ?? false,
        ...(a.contentId ? { contentId: a.contentId } : {}),
      },
    },
    repeatable: true,
  });
  return { uploadUrl: result.uploadUrl, outcome };
}

/** One upload in progress: its session, where it stands, and what it has cost. */
interface Upload {
  graph: Graph;
  messagePath: GraphPath;
  a: AttachmentContent;
  before: number;
  chunkBytes: number;
  url: string;
  offset: number;
  stats: UploadStats;
  /** Chunks in a row that did not move the upload on (bounded by the retry policy). */
  stalled: number;
}

/**
 * Uploads a large attachment to a message through an upload session: creates the session, PUTs
 * the bytes in order in chunks of at most 4 MB with Content-Range and without an Authorization
 * header (the URL carries its own token), riding out throttling per chunk. After a lost or failed
 * chunk it asks the session where it stands and goes on from there; when the session is gone it
 * checks whether the attachment landed, else starts a new session. `before` is how many attachments
 * of this name the message had. Errors say which chunk failed; the session is cancelled on failure.
 */
export async function uploadLargeAttachment(
  graph: Graph,
  messagePath: GraphPath,
  a: AttachmentContent,
  before: number,
  chunkBytes = CHUNK_BYTES,
): Promise<UploadStats> {
  const session = await createSession(graph, messagePath, a);
  const stats: UploadStats = { bytesSent: 0, resumes: 0, newSessions: 0, outcome: session.outcome };
  const up: Upload = {
    graph,
    messagePath,
    a,
    before,
    chunkBytes,
    url: session.uploadUrl,
    offset: 0,
    stats,
    stalled: 0,
  };
  try {
    while (!(await nextChunk(up)));
    return stats;
  } catch (e) {
    await fetch(up.url, { method: "DELETE" }).catch(() => undefined);
    throw e;
  }
}

/** Sends the chunk at the upload's offset and moves it on; true once the attachment is complete. */
async function nextChunk(up: Upload): Promise<boolean> {
  const total = up.a.content.length;
  const end = Math.min(up.offset + up.chunkBytes, total);
  const label = `chunk ${Math.floor(up.offset / up.chunkBytes) + 1} of ${Math.ceil(total / up.chunkBytes)}`;
  try {
    up.stats.bytesSent += end - up.offset;
    const answer = await putChunk(up.url, up.a.content.subarray(up.offset, end), up.offset, total);
    if (answer.kind === "complete") {
      if (end < total)
        throw new GraphServiceError(
          "The upload session completed before all bytes were sent.",
          "UploadIncomplete",
          201,
        );
      return true;
    }
    if (answer.kind === "accepted") return moveTo(up, answer.next ?? end);
    return await recover(up, answer.kind === "gone");
  } catch (e) {
    throw atStep(e as Error, label);
  }
}

/** Moves the upload to the server's next expected offset; progress resets the stall count. */
function moveTo(up: Upload, next: number): false {
  if (next > up.offset) up.stalled = 0;
  up.offset = next;
  return false;
}

/** After a lost or failed chunk: resume from the session's status, or, with the session gone, check and restart. */
async function recover(up: Upload, gone: boolean): Promise<boolean> {
  if (++up.stalled > retryPolicy.maxRetries)
    throw new GraphServiceError(
      "The upload made no progress after repeated failures. Try again later.",
      "UploadStalled",
      0,
    );
  const next = gone ? undefined : await sessionStatus(up.url);
  if (next !== undefined) {
    up.stats.resumes++;
    return moveTo(up, next);
  }
  // The session is gone: completed by a chunk whose answer was lost, or expired. The message tells which.
  if ((await countNamed(up.graph, up.messagePath, up.a.name)) > up.before) {
    up.stats.outcome = "confirmedAfterLostAnswer";
    return true;
  }
  const session = await createSession(up.graph, up.messagePath, up.a);
  up.stats.outcome = combine(up.stats.outcome, session.outcome);
  up.stats.newSessions++;
  up.url = session.uploadUrl;
  up.offset = 0;
  return false;
}

type ChunkAnswer = { kind: "accepted"; next?: number } | { kind: "complete" } | { kind: "lost" } | { kind: "gone" };

/** The offset a session expects next, from `NextExpectedRanges` ("{start}" for Outlook, "start-end" elsewhere). */
function nextExpected(body: unknown): number | undefined {
  const b = body as { NextExpectedRanges?: string[]; nextExpectedRanges?: string[] } | null;
  const first = (b?.NextExpectedRanges ?? b?.nextExpectedRanges)?.[0];
  const start = first === undefined ? NaN : Number(String(first).split("-")[0]);
  return Number.isInteger(start) && start >= 0 ? start : undefined;
}

async function readJson(res: Response): Promise<unknown> {
  try {
    return JSON.parse(await res.text());
  } catch {
    return undefined;
  }
}

/**
 * PUTs one chunk. 429 and 503 (nothing happened) are waited out and sent again; an answer that
 * never came, was cut short, or is a 504 or 500 is "lost" (the caller asks the session), a 416 (out
 * of order) too; 404 means the session is gone. Other answers are errors.
 */
async function putChunk(uploadUrl: string, bytes: Buffer, offset: number, total: number): Promise<ChunkAnswer> {
  const budget = new RetryBudget();
  for (;;) {
    let res: Response;
    try {
      res = await fetch(uploadUrl, {
        method: "PUT",
        headers: {
          "Content-Type": "application/octet-stream",
          "Content-Range": `bytes ${offset}-${offset + bytes.length - 1}/${total}`,
          "Content-Length": String(bytes.length),
        },
        body: bytes as unknown as BodyInit,
      });
    } catch (e) {
      if (transportError(e).name === CONNECTION_LOST) return { kind: "lost" };
      throw unreachable(e);
    }
    // The status line arrived: even if the body is cut short, the chunk was taken (200) or completed the upload.
    if (res.status === 201) return (await res.arrayBuffer().catch(() => undefined), { kind: "complete" });
    if (res.status === 200) return { kind: "accepted", next: nextExpected(await readJson(res)) };
    if (res.status === 404) return (await res.arrayBuffer().catch(() => undefined), { kind: "gone" });
    if ([500, 502, 504, 416].includes(res.status))
      return (await res.arrayBuffer().catch(() => undefined), { kind: "lost" });
    if (res.status === 429 || res.status === 503) {
      await waitOut(res, budget);
      continue;
    }
    throw await uploadError(res);
  }
}

/** The session's status (GET on its URL): the offset it expects next, or undefined when it is gone (404). */
async function sessionStatus(uploadUrl: string): Promise<number | undefined> {
  const budget = new RetryBudget();
  for (;;) {
    let res: Response | undefined;
    try {
      res = await fetch(uploadUrl, { method: "GET" });
    } catch (e) {
      if (transportError(e).name !== CONNECTION_LOST) throw unreachable(e);
    }
    if (res?.status === 200) {
      const next = nextExpected(await readJson(res));
      if (next !== undefined) return next;
    } else if (res?.status === 404) {
      await res.arrayBuffer().catch(() => undefined);
      return undefined;
    } else if (res && ![429, 500, 502, 503, 504].includes(res.status)) throw await uploadError(res);
    await waitOut(res, budget);
  }
}

/** Waits as the answer asks (or backs off when there was none), within the budget; throws when it is spent. */
async function waitOut(res: Response | undefined, budget: RetryBudget): Promise<void> {
  await res?.arrayBuffer().catch(() => undefined);
  const retryAfter = retryAfterMs(res?.headers.get("Retry-After"));
  const wait = budget.next(retryAfter);
  if (wait === undefined)
    throw new ThrottledError(
      `The upload URL kept failing (${res ? res.status : "no answer"}) beyond the retry budget. Try again later.`,
      res?.status ?? 0,
      retryAfter === undefined ? undefined : Math.ceil(retryAfter / 1000),
      budget.attempts,
    );
  await sleep(wait);
}

function unreachable(e: unknown): GraphServiceError {
  return new GraphServiceError(
    `Could not reach the upload URL: ${redact(transportError(e).message)}`,
    "NetworkError",
    0,
  );
}

async function uploadError(res: Response): Promise<GraphServiceError> {
  const text = await res.text().catch(() => "");
  let code = `HTTP${res.status}`;
  let message = text;
  try {
    const body = JSON.parse(text) as { error?: { code?: string; message?: string } };
    code = body.error?.code ?? code;
    message = body.error?.message ?? message;
  } catch {
    /* not JSON */
  }
  const requestId = res.headers.get("request-id") ?? undefined;
  return new GraphServiceError(
    `The upload URL answered ${res.status} ${code}: ${redact(message)}${requestId ? ` (request-id ${requestId})` : ""}`,
    code,
    res.status,
    requestId,
  );
}
