import { randomBytes } from "node:crypto";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { USERS, type Sandbox } from "../../sandbox";
import type { ChangeEvent } from "../../sandbox/store";
import { appToken, expectGraphError, jsonBody, raw, startSandbox } from "./support";

let sb: Sandbox;
let token: string;
beforeAll(async () => {
  sb = await startSandbox();
  token = await appToken(sb);
});
afterAll(() => sb.stop());

const alex = `/v1.0/users/${USERS.alex.upn}`;
const json = jsonBody;

describe("upload sessions follow Outlook's rules", () => {
  let draftId: string;
  beforeAll(async () => {
    draftId = String(
      (await raw(sb, "POST", `${alex}/messages`, { ...json(JSON.stringify({ subject: "uploads" })), token })).json.id,
    );
  });
  const session = async (size: number) =>
    raw(sb, "POST", `${alex}/messages/${draftId}/attachments/createUploadSession`, {
      ...json(JSON.stringify({ AttachmentItem: { attachmentType: "file", name: "f.bin", size } })),
      token,
    });
  const put = (url: string, body: Buffer, range: string, headers: Record<string, string> = {}) =>
    raw(sb, "PUT", url, {
      headers: { "Content-Type": "application/octet-stream", "Content-Range": range, ...headers },
      body,
    });

  it("refuses a session for a file under 3 MB", async () => {
    expectGraphError(await session(3 * 1024 * 1024 - 1), 400, "ErrorAttachmentSizeShouldNotBeLessThanMinimumSize");
  });

  it("refuses an Authorization header, chunks out of order and chunks over 4 MB; DELETE cancels", async () => {
    const size = 5 * 1024 * 1024;
    const url = String((await session(size)).json.uploadUrl);
    expect(new URL(url).hostname).toBe("localhost");
    const first = Buffer.alloc(1024 * 1024, 1);
    expectGraphError(
      await put(url, first, `bytes 0-${first.length - 1}/${size}`, { Authorization: `Bearer ${token}` }),
      401,
      "InvalidAuthenticationToken",
    );
    expectGraphError(
      await put(url, first, `bytes 1024-${1024 + first.length - 1}/${size}`),
      416,
      "ErrorInvalidRequest",
    );
    expectGraphError(
      await put(url, Buffer.alloc(4 * 1024 * 1024 + 1), `bytes 0-${4 * 1024 * 1024}/${size}`),
      413,
      "RequestEntityTooLarge",
    );
    const ok = await put(url, first, `bytes 0-${first.length - 1}/${size}`);
    expect(ok.status).toBe(200);
    expect(ok.json.NextExpectedRanges).toEqual([String(first.length)]);
    expect((await raw(sb, "DELETE", url)).status).toBe(204);
    expectGraphError(
      await put(url, first, `bytes ${first.length}-${2 * first.length - 1}/${size}`),
      404,
      "ErrorItemNotFound",
    );
    expect(sb.store.mailbox(USERS.alex.id).messages.get(draftId)!.attachments).toHaveLength(0);
  });

  it("answers the last chunk 201 with a Location naming the new attachment", async () => {
    const size = 3 * 1024 * 1024 + 5;
    const url = String((await session(size)).json.uploadUrl);
    const data = Buffer.alloc(size, 9);
    expect((await put(url, data.subarray(0, 2 * 1024 * 1024), `bytes 0-${2 * 1024 * 1024 - 1}/${size}`)).status).toBe(
      200,
    );
    const last = await put(url, data.subarray(2 * 1024 * 1024), `bytes ${2 * 1024 * 1024}-${size - 1}/${size}`);
    expect(last.status).toBe(201);
    const [attachment] = sb.store.mailbox(USERS.alex.id).messages.get(draftId)!.attachments;
    expect(last.headers.get("location")).toContain(encodeURIComponent(attachment.id));
    expect(attachment.content.equals(data)).toBe(true);
  });

  it("answers GET on the upload URL (no token) with the session's status: where the next chunk starts", async () => {
    const size = 3 * 1024 * 1024 + 10;
    const url = String((await session(size)).json.uploadUrl);
    const fresh = await raw(sb, "GET", url);
    expect(fresh.status).toBe(200);
    expect(fresh.json).toMatchObject({ NextExpectedRanges: ["0"], ExpirationDateTime: expect.any(String) });
    const data = Buffer.alloc(size, 3);
    // The chunk lands, then its answer is lost: the status says where to go on, so nothing is sent twice.
    sb.faults.afterNext(1, "reset", { kind: "upload", method: "PUT" });
    await expect(put(url, data.subarray(0, 1024 * 1024), `bytes 0-${1024 * 1024 - 1}/${size}`)).rejects.toThrow();
    expect((await raw(sb, "GET", url)).json.NextExpectedRanges).toEqual([String(1024 * 1024)]);
    expectGraphError(await raw(sb, "GET", url, { token }), 401, "InvalidAuthenticationToken");
    expect((await put(url, data.subarray(1024 * 1024), `bytes ${1024 * 1024}-${size - 1}/${size}`)).status).toBe(201);
    // A completed session is gone: its URL answers 404, as an expired or cancelled one does.
    expectGraphError(await raw(sb, "GET", url), 404, "ErrorItemNotFound");
    const stored = sb.store.mailbox(USERS.alex.id).messages.get(draftId)!.attachments.at(-1)!;
    expect(stored.content.equals(data)).toBe(true);
  });

  it("holds a large attachment once: when it joins its message its bytes are there once, not twice", async () => {
    setFlagsFromString("--expose-gc");
    const fullGc = runInNewContext("gc") as () => void;
    // Dead buffers' memory is given back by the collection itself, not by a background thread later.
    const gc = () => {
      setFlagsFromString("--no-concurrent-array-buffer-sweeping");
      fullGc();
      setFlagsFromString("--concurrent-array-buffer-sweeping");
    };
    const size = 24 * 1024 * 1024;
    const chunk = 4 * 1024 * 1024;
    const data = randomBytes(size);
    const url = String((await session(size)).json.uploadUrl);
    let heldWhenAttached: number | undefined;
    // Raised while the last chunk's request is answered, as the attachment joins the draft: what is still reachable
    // then (after a full collection) is what the sandbox holds for it.
    const onChange = (change: ChangeEvent) => {
      if (change.id !== draftId || change.changeType !== "updated") return;
      gc();
      heldWhenAttached = process.memoryUsage().arrayBuffers;
    };
    gc();
    const baseline = process.memoryUsage().arrayBuffers;
    sb.store.on("change", onChange);
    try {
      for (let start = 0; start < size; start += chunk) {
        const res = await fetch(url, {
          method: "PUT",
          headers: { "Content-Range": `bytes ${start}-${start + chunk - 1}/${size}` },
          body: data.subarray(start, start + chunk) as unknown as BodyInit,
        });
        expect(res.status).toBe(start + chunk < size ? 200 : 201);
        await res.arrayBuffer();
      }
    } finally {
      sb.store.off("change", onChange);
    }
    const attachment = sb.store.mailbox(USERS.alex.id).messages.get(draftId)!.attachments.at(-1)!;
    expect(attachment.content.equals(data)).toBe(true);
    // The attachment's bytes (24 MB) and the last chunk's request body (4 MB) are reachable; a second copy is not.
    const held = (heldWhenAttached ?? NaN) - baseline;
    expect(held).toBeGreaterThan(size * 0.9);
    expect(held).toBeLessThan(size * 1.5);
  });

  it("forgets a session after six hours without a chunk (404 on its URL)", async () => {
    const url = String((await session(3 * 1024 * 1024)).json.uploadUrl);
    sb.clock.advance(6 * 3600 * 1000 + 1000);
    expectGraphError(await raw(sb, "GET", url), 404, "ErrorItemNotFound");
  });
});
