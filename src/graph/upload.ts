import { GraphServiceError, ThrottledError, atStep } from "../errors";
import { redact } from "../redact";
import type { Graph } from "./client";
import { graphPath, type GraphPath } from "./path";
import { RETRYABLE_STATUSES, RetryBudget, retryAfterMs, sleep } from "./retry";

/**
 * Outlook's rules for attachments: up to 3 MB in one request; 3 MB to 150 MB through an upload session, in chunks of at
 * most 4 MB.
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

/** Adds a small attachment to a message in one request. */
export async function addInlineAttachment(graph: Graph, messagePath: GraphPath, a: AttachmentContent): Promise<void> {
  await graph.call({
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
  });
}

/**
 * Uploads a large attachment to a message through an upload session: creates the session, PUTs
 * the bytes in order in chunks of at most 4 MB with Content-Range and without an Authorization
 * header (the URL carries its own token), riding out throttling per chunk, and cancels the session
 * if anything fails. Errors say which chunk failed.
 */
export async function uploadLargeAttachment(
  graph: Graph,
  messagePath: GraphPath,
  a: AttachmentContent,
  chunkBytes = CHUNK_BYTES,
): Promise<void> {
  const session = await graph.call<{ uploadUrl: string }>({
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
  });
  const total = a.content.length;
  const chunks = Math.ceil(total / chunkBytes);
  let offset = 0;
  try {
    for (let i = 0; offset < total; i++) {
      const end = Math.min(offset + chunkBytes, total);
      try {
        const status = await putChunk(session.uploadUrl, a.content.subarray(offset, end), offset, total);
        if (status === 201 && end < total)
          throw new GraphServiceError(
            "The upload session completed before all bytes were sent.",
            "UploadIncomplete",
            201,
          );
      } catch (e) {
        throw atStep(e as Error, `chunk ${i + 1} of ${chunks}`);
      }
      offset = end;
    }
  } catch (e) {
    await fetch(session.uploadUrl, { method: "DELETE" }).catch(() => undefined);
    throw e;
  }
}

async function putChunk(uploadUrl: string, bytes: Buffer, offset: number, total: number): Promise<number> {
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
      const cause = (e as Error & { cause?: Error }).cause?.message ?? (e as Error).message;
      throw new GraphServiceError(`Could not reach the upload URL: ${redact(cause)}`, "NetworkError", 0);
    }
    if (res.status === 200 || res.status === 201) {
      await res.arrayBuffer();
      return res.status;
    }
    const text = await res.text();
    if (RETRYABLE_STATUSES.includes(res.status)) {
      const retryAfter = retryAfterMs(res.headers.get("Retry-After"));
      const wait = budget.next(retryAfter);
      if (wait !== undefined) {
        await sleep(wait);
        continue;
      }
      throw new ThrottledError(
        `The upload is throttled (${res.status}) beyond the retry budget. Try again later.`,
        res.status,
        retryAfter === undefined ? undefined : Math.ceil(retryAfter / 1000),
        budget.attempts,
      );
    }
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
    throw new GraphServiceError(
      `The upload URL answered ${res.status} ${code}: ` +
        `${redact(message)}${requestId ? ` (request-id ${requestId})` : ""}`,
      code,
      res.status,
      requestId,
    );
  }
}
