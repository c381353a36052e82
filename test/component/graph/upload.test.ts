import { createHash, randomBytes } from "node:crypto";
import { USERS, type Sandbox } from "../../../sandbox";
import { uploadProgress } from "../../../sandbox/graph/uploads";
import { retryPolicy } from "../../../src/graph/retry";
import { actionError, actionRunner, folderMessages, secretConnection, shortenWaits, startSandbox } from "../support";

/**
 * Upload sessions that survive the network: after a chunk's answer is lost (reset before or after
 * the server took it, a cut answer, a 5xx) the upload asks the session where it stands and goes on
 * from there; a session that is gone is checked (did the last chunk complete it?) and begun anew
 * only when it has to be. Bytes are counted: what the component sent against the file's size.
 */

const MB = 1024 * 1024;
const CHUNK = 4 * MB;
let sb: Sandbox;
shortenWaits("retry", "confirm");
beforeAll(async () => {
  sb = await startSandbox();
});
afterEach(() => sb.faults.clear());
afterAll(() => sb.stop());

const run = actionRunner(() => secretConnection(sb));
const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");
const PUT = { kind: "upload", method: "PUT" } as const;

interface Upload {
  bytesSent: number;
  resumes: number;
  newSessions: number;
}

/** Sends `file` to Alex through an upload session; returns the upload's figures after checking one delivery. */
async function sendFile(subject: string, file: Buffer): Promise<Upload & { outcome: unknown; putsSeen: number }> {
  const before = sb.requests.length;
  const data = await run("sendMessage", { to: USERS.alex.upn, subject, attachments: [{ key: "f.bin", value: file }] });
  const [received, ...more] = folderMessages(sb, USERS.alex.id, "inbox").filter((m) => m.subject === subject);
  expect(more).toHaveLength(0);
  expect(received.attachments.map((a) => [a.name, a.size, sha(a.content)])).toEqual([
    ["f.bin", file.length, sha(file)],
  ]);
  expect(folderMessages(sb, USERS.adele.id, "drafts")).toHaveLength(0);
  const [attachment] = data.attachments as { method: string; upload: Upload }[];
  expect(attachment.method).toBe("uploadSession");
  const putsSeen = sb.requests.slice(before).filter((r) => r.kind === "upload" && r.method === "PUT").length;
  return { ...attachment.upload, outcome: data.outcome, putsSeen };
}

describe("a chunk whose answer is lost", () => {
  it.each([
    ["reset after the server took it", () => sb.faults.afterNext(1, "reset", PUT), 0],
    ["504 after the server took it", () => sb.faults.afterNext(1, "gatewayTimeout", PUT), 0],
    ["reset before the server took it", () => sb.faults.resetNext(1, PUT), CHUNK],
    ["500 before the server took it", () => sb.faults.failNext(1, 500, null, PUT), CHUNK],
  ] as const)("%s: resumes where the session stands", async (name, fault, extra) => {
    const file = randomBytes(3 * CHUNK + 123);
    fault();
    const up = await sendFile(`resume: ${name}`, file);
    expect(up).toMatchObject({ resumes: 1, newSessions: 0 });
    // Only a chunk the server never took is sent again.
    expect(up.bytesSent - file.length).toBe(extra);
  });

  it("an answer cut short after its status line: the chunk was taken (200), so the upload goes on", async () => {
    const file = randomBytes(2 * CHUNK + 1);
    sb.faults.afterNext(1, "resetMidResponse", PUT);
    const up = await sendFile("cut after the status line", file);
    expect(up).toMatchObject({ resumes: 0, newSessions: 0, bytesSent: file.length });
  });

  it("the last chunk's answer lost: the session is gone because it completed, so nothing is sent again", async () => {
    const file = randomBytes(CHUNK + 5);
    sb.faults.afterNext(1, "gatewayTimeout", { ...PUT, path: /attachmentSessions/ });
    sb.faults.afterNext(1, "reset", PUT);
    const up = await sendFile("last chunk lost", file);
    expect(up).toMatchObject({
      resumes: 1,
      newSessions: 0,
      bytesSent: file.length,
      outcome: "confirmedAfterLostAnswer",
    });
  });

  it("an expired session (404 on its URL) is begun anew, from the first byte", async () => {
    const file = randomBytes(2 * CHUNK + 9);
    // The first chunk's answer trickles out while six hours pass on the sandbox's clock: the session expires.
    sb.faults.afterNext(1, "slow", PUT, { slowMs: 1000 });
    const sending = sendFile("expired session", file);
    while (!uploadProgress(sb.store).some((s) => s.received > 0)) await new Promise((r) => setTimeout(r, 5));
    sb.clock.advance(6 * 3600 * 1000 + 1000);
    const up = await sending;
    // Lost: the first chunk, taken by the session that expired, and the second, refused by it (404).
    expect(up).toMatchObject({ newSessions: 1, bytesSent: file.length + 2 * CHUNK });
  });
});

describe("an upload that cannot go on", () => {
  it("stops after the retry budget of chunks without progress, names the chunk, and leaves no draft", async () => {
    sb.faults.failNext(retryPolicy.maxRetries + 1, 500, null, PUT);
    const err = await actionError("sendMessage", {
      connection: secretConnection(sb),
      to: USERS.alex.upn,
      subject: "stalled upload",
      attachments: [{ key: "f.bin", value: randomBytes(CHUNK + 1) }],
    });
    expect(err).toMatchObject({ name: "GraphServiceError", graphCode: "UploadStalled" });
    expect(err.message).toMatch(
      /^Send Message failed while uploading attachment 'f\.bin' \(the draft was deleted\): chunk 1 of 2: /,
    );
    expect(folderMessages(sb, USERS.adele.id, "drafts")).toHaveLength(0);
    expect(folderMessages(sb, USERS.alex.id, "inbox").filter((m) => m.subject === "stalled upload")).toHaveLength(0);
    expect(uploadProgress(sb.store)).toEqual([]);
  });
});

describe("100 MB with 5 resets", () => {
  const file = randomBytes(100 * MB);
  const chunks = Math.ceil(file.length / CHUNK);

  it("after the server took each chunk: 5 resumes, not one byte sent twice (uploaded / size = 1.000)", async () => {
    sb.faults.afterNext(5, "reset", PUT);
    const up = await sendFile("100 MB, resets after", file);
    expect(up).toMatchObject({ resumes: 5, newSessions: 0, bytesSent: file.length });
    expect(up.putsSeen).toBe(chunks);
  });

  it("before the server took each chunk: only those 5 chunks again (uploaded / size = 1.200)", async () => {
    sb.faults.resetNext(5, PUT);
    const up = await sendFile("100 MB, resets before", file);
    expect(up).toMatchObject({ resumes: 5, newSessions: 0, bytesSent: file.length + 5 * CHUNK });
    expect(up.putsSeen).toBe(chunks + 5);
    expect((up.bytesSent / file.length).toFixed(3)).toBe("1.200");
  });
});
