import { randomBytes } from "node:crypto";
import { USERS } from "../../sandbox";
import type { Line, WorkloadResult } from "../report";
import {
  MB,
  MemoryWatch,
  answerMs,
  peakOf,
  collectGarbage,
  onTheWire,
  requestsSince,
  timed,
  type Bench,
} from "../support";

/**
 * 4. One message with a large attachment through Send Message: a draft, an upload session, the
 * bytes in 4 MB chunks, and the send, one after another (chunks go in order), so the limit is one
 * round trip per request. Peak memory above the baseline (taken with the file already in memory)
 * must stay under 1.5 × the file: no base64 and no second copy of it, in the component or in the
 * sandbox (which runs in this process and keeps the attachment, once, in the mailboxes). Beside
 * it, for reference, the same requests as plain fetches; and the peers' way: the file inline in one
 * sendMail (base64 in JSON), which Graph refuses (413).
 */

const CHUNK = 4 * MB;

/** Where the sent message landed: the recipient's copy, with its attachment. */
function landed(bench: Bench, subject: string) {
  const mb = bench.sb.store.mailbox(USERS.alex.id);
  return [...mb.messages.values()].find((m) => m.subject === subject);
}

/** Drops the sent copies, so the rest of the run does not carry the file. */
function forget(bench: Bench, subject: string): void {
  for (const user of [USERS.alex.id, USERS.adele.id]) {
    const mb = bench.sb.store.mailbox(user);
    for (const m of [...mb.messages.values()]) if (m.subject === subject) bench.sb.store.removeMessage(mb, m);
  }
}

/** For reference: the same requests as plain fetches (draft, session, chunks, send), no component in between. */
async function plainUpload(bench: Bench, file: Buffer, subject: string): Promise<Line> {
  const mark = bench.sb.requests.length;
  const memory = new MemoryWatch();
  const { ms } = await timed(async () => {
    const adele = `/users/${USERS.adele.upn}`;
    const draft = await bench.plain.call("POST", `${adele}/messages`, {
      subject,
      toRecipients: [{ emailAddress: { address: USERS.alex.upn } }],
    });
    const draftPath = `${adele}/messages/${String(draft.json.id)}`;
    const session = await bench.plain.call("POST", `${draftPath}/attachments/createUploadSession`, {
      AttachmentItem: { attachmentType: "file", name: "large.bin", size: file.length },
    });
    for (let start = 0; start < file.length; start += CHUNK) {
      const chunk = file.subarray(start, Math.min(start + CHUNK, file.length));
      const res = await fetch(String(session.json.uploadUrl), {
        method: "PUT",
        headers: { "Content-Range": `bytes ${start}-${start + chunk.length - 1}/${file.length}` },
        body: chunk as unknown as BodyInit,
      });
      await res.arrayBuffer();
    }
    const sent = await bench.plain.call("POST", `${draftPath}/send`);
    if (sent.status !== 202) throw new Error(`send answered ${sent.status}`);
  });
  const peak = memory.stop();
  const intact = landed(bench, subject)?.attachments[0]?.content.equals(file) ?? false;
  forget(bench, subject);
  return {
    strategy: "reference: the same requests as plain fetches (no component)",
    requests: requestsSince(bench.sb, mark, onTheWire).length,
    wallMs: ms,
    peakMemory: peakOf(peak),
    ...(intact ? {} : { outcome: "NOT delivered intact" }),
  };
}

async function peerInline(bench: Bench, file: Buffer): Promise<Line> {
  const mark = bench.sb.requests.length;
  const memory = new MemoryWatch();
  const { result, ms } = await timed(() =>
    bench.plain.call("POST", `/users/${USERS.adele.upn}/sendMail`, {
      message: {
        subject: "Large file, inline",
        toRecipients: [{ emailAddress: { address: USERS.alex.upn } }],
        attachments: [
          {
            "@odata.type": "#microsoft.graph.fileAttachment",
            name: "large.bin",
            contentBytes: file.toString("base64"),
          },
        ],
      },
    }),
  );
  const peak = memory.stop();
  const code = (result.json.error as { code?: string } | undefined)?.code ?? "";
  return {
    strategy: "inline in sendMail, base64 (peers)",
    requests: requestsSince(bench.sb, mark, onTheWire).length,
    wallMs: ms,
    peakMemory: peakOf(peak),
    outcome: result.status === 202 ? "sent" : `refused: ${result.status} ${code}`,
  };
}

export async function largeAttachment(bench: Bench, bytes: number): Promise<WorkloadResult> {
  const file = randomBytes(bytes);
  const subject = `Large file ${Date.now()}`;
  const minimum = 3 + Math.ceil(bytes / CHUNK);
  const mark = bench.sb.requests.length;
  const memory = new MemoryWatch();
  const { ms } = await timed(() =>
    bench.harness.action("sendMessage", {
      connection: bench.connection,
      to: USERS.alex.upn,
      subject,
      attachments: [{ key: "large.bin", value: file }],
    }),
  );
  const peak = memory.stop();
  const wire = requestsSince(bench.sb, mark, onTheWire);
  const copy = landed(bench, subject)?.attachments[0]?.content;
  const intact = copy !== undefined && copy.equals(file);
  forget(bench, subject);
  collectGarbage();
  const peers = [await plainUpload(bench, file, `${subject} (plain)`), await peerInline(bench, file)];
  const uploaded = wire.filter((r) => r.kind === "upload").reduce((n, r) => n + r.requestBytes, 0);
  const memoryRatio = Math.max(peak.rss, peak.arrayBuffers) / bytes;
  return {
    id: 4,
    title: `Send Message, one ${(bytes / MB).toFixed(0)} MB attachment`,
    status: "measured",
    minimum,
    limitMs: minimum * bench.latencyMs,
    ours: {
      strategy: "ours: draft, upload session, 4 MB chunks",
      requests: wire.length,
      wallMs: ms,
      peakMemory: peakOf(peak),
      outcome: `${intact ? "delivered intact" : "NOT delivered intact"}; memory ${memoryRatio.toFixed(2)} × file`,
    },
    peers,
    target: "requests = minimum, memory < 1.5 × file",
    met: intact && wire.length === minimum && memoryRatio < 1.5,
    notes: [],
    details: { answerMs: answerMs(wire), bytes, uploadedBytes: uploaded, memory: peak, memoryRatio },
  };
}
