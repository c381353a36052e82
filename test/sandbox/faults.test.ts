import { readFileSync } from "node:fs";
import { request } from "node:https";
import { USERS, type Sandbox } from "../../sandbox";
import { sendRaw } from "../../scripts/rawHttp";
import { appToken, expectGraphError, raw, startSandbox } from "./support";

/**
 * Faults after the sandbox acted (the request took effect, then the answer went wrong) and before
 * (nothing happened, the connection dropped): what changed in the mailbox, and what the client saw.
 */

let sb: Sandbox;
let token: string;
beforeAll(async () => {
  sb = await startSandbox();
  token = await appToken(sb);
});
afterEach(() => sb.faults.clear());
afterAll(() => sb.stop());

const adele = `/v1.0/users/${USERS.adele.upn}`;
const alex = `/v1.0/users/${USERS.alex.upn}`;
const json = { "Content-Type": "application/json" };

const mail = (subject: string) =>
  JSON.stringify({ message: { subject, toRecipients: [{ emailAddress: { address: USERS.alex.upn } }] } });

/** Messages with this subject in Alex's mailbox (a delivery lands once in his Inbox; drafts are his own). */
const inAlexMailbox = (subject: string) =>
  [...sb.store.mailbox(USERS.alex.id).messages.values()].filter((m) => m.subject === subject).length;

const sendMail = (subject: string) =>
  fetch(`${sb.url}${adele}/sendMail`, {
    method: "POST",
    headers: { ...json, Authorization: `Bearer ${token}` },
    body: mail(subject),
  });

const last = () => sb.requests[sb.requests.length - 1];

/** The request as bytes, for reading exactly what came back on the socket. */
function rawRequest(method: string, path: string, body?: string): Buffer {
  const lines = [`${method} ${path} HTTP/1.1`, `Host: ${new URL(sb.url).host}`, `Authorization: Bearer ${token}`];
  if (body !== undefined) lines.push("Content-Type: application/json", `Content-Length: ${Buffer.byteLength(body)}`);
  return Buffer.from(lines.join("\r\n") + "\r\n\r\n" + (body ?? ""));
}
const target = () => ({ url: sb.url, ca: readFileSync(sb.ca!, "utf8") });

describe("after the sandbox acted", () => {
  it("gatewayTimeout: sendMail delivers exactly one message, yet answers Graph's 504", async () => {
    sb.faults.afterNext(1, "gatewayTimeout", { path: /sendMail$/ });
    const res = await raw(sb, "POST", `${adele}/sendMail`, { token, headers: json, body: mail("after 504") });
    expectGraphError(res, 504, "GatewayTimeout");
    expect(inAlexMailbox("after 504")).toBe(1);
    expect(last()).toMatchObject({ status: 504, fault: "gatewayTimeout", actedStatus: 202 });
  });

  it("reset: sendMail delivers exactly one message; the client gets no answer at all", async () => {
    sb.faults.afterNext(1, "reset", { path: /sendMail$/ });
    await expect(sendMail("after reset")).rejects.toThrow();
    expect(inAlexMailbox("after reset")).toBe(1);
    expect(last()).toMatchObject({ status: 0, fault: "reset", actedStatus: 202 });
  });

  it("resetMidResponse: the draft exists; the client reads the status, then the body breaks off", async () => {
    sb.faults.afterNext(1, "resetMidResponse", { method: "POST", path: /messages$/ });
    const res = await fetch(`${sb.url}${alex}/messages`, {
      method: "POST",
      headers: { ...json, Authorization: `Bearer ${token}` },
      body: JSON.stringify({ subject: "cut mid-answer" }),
    });
    expect(res.status).toBe(201);
    await expect(res.text()).rejects.toThrow();
    expect(inAlexMailbox("cut mid-answer")).toBe(1);

    sb.faults.afterNext(1, "resetMidResponse", { method: "POST", path: /messages$/ });
    const answer = await sendRaw(target(), rawRequest("POST", `${alex}/messages`, '{"subject":"cut again"}'));
    expect(answer.status).toBe(201);
    expect(answer.closed).toBe(true);
    expect(answer.body.length).toBeLessThan(Number(answer.headers["content-length"]));
    expect(inAlexMailbox("cut again")).toBe(1);
  });

  it("truncate: the change is made; Content-Length promises more than arrives and the connection closes", async () => {
    const draft = (await raw(sb, "POST", `${alex}/messages`, { token, headers: json, body: '{"subject":"v1"}' })).json;
    sb.faults.afterNext(1, "truncate", { method: "PATCH" });
    const answer = await sendRaw(target(), rawRequest("PATCH", `${alex}/messages/${draft.id}`, '{"subject":"v2"}'));
    expect(answer.status).toBe(200);
    expect(answer.closed).toBe(true);
    expect(answer.body.length).toBeLessThan(Number(answer.headers["content-length"]));
    expect(sb.store.mailbox(USERS.alex.id).messages.get(String(draft.id))!.subject).toBe("v2");
    expect(last()).toMatchObject({ fault: "truncate", actedStatus: 200 });

    sb.faults.afterNext(1, "truncate", { method: "PATCH" });
    const res = await fetch(`${sb.url}${alex}/messages/${draft.id}`, {
      method: "PATCH",
      headers: { ...json, Authorization: `Bearer ${token}` },
      body: '{"subject":"v3"}',
    });
    await expect(res.text()).rejects.toThrow();
    expect(sb.store.mailbox(USERS.alex.id).messages.get(String(draft.id))!.subject).toBe("v3");
  });

  it("slow: the answer arrives whole, trickled out in pieces", async () => {
    sb.faults.afterNext(1, "slow", { method: "GET", path: /mailFolders$/ }, { slowMs: 200 });
    const pieces: Buffer[] = [];
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${sb.url}${alex}/mailFolders`, { headers: { Authorization: `Bearer ${token}` } }, (res) => {
        res.on("data", (d: Buffer) => pieces.push(d));
        res.on("end", () => resolve(res.statusCode ?? 0));
        res.on("error", reject);
      });
      req.on("error", reject);
      req.end();
    });
    expect(status).toBe(200);
    expect(pieces.length).toBeGreaterThanOrEqual(3);
    expect(JSON.parse(Buffer.concat(pieces).toString("utf8")).value.length).toBeGreaterThan(5);
    expect(last()).toMatchObject({ status: 200, fault: "slow" });
  });

  it("applies only to the requests it matches", async () => {
    sb.faults.afterNext(1, "gatewayTimeout", { method: "POST", path: /sendMail$/ });
    expect((await raw(sb, "GET", `${alex}/mailFolders`, { token })).status).toBe(200);
    expect((await sendMail("matched")).status).toBe(504);
    expect((await sendMail("not matched any more")).status).toBe(202);
  });
});

describe("before the sandbox acted", () => {
  it("resetNext: nothing is sent and no answer comes; the next request goes through", async () => {
    sb.faults.resetNext(1, { path: /sendMail$/ });
    await expect(sendMail("never sent")).rejects.toThrow();
    expect(inAlexMailbox("never sent")).toBe(0);
    expect(last()).toMatchObject({ status: 0, fault: "resetBeforeActing" });
    expect((await sendMail("sent")).status).toBe(202);
    expect(inAlexMailbox("sent")).toBe(1);
  });
});

it("at a rate: every Graph request acts, then meets one of the kinds chosen", async () => {
  const faulty = await startSandbox({ faultAfterRate: 1, faultKinds: ["gatewayTimeout"] });
  try {
    const faultyToken = await appToken(faulty);
    for (const subject of ["rate 1", "rate 2", "rate 3"]) {
      const res = await raw(faulty, "POST", `${adele}/sendMail`, {
        token: faultyToken,
        headers: json,
        body: mail(subject),
      });
      expectGraphError(res, 504, "GatewayTimeout");
    }
    const inbox = [...faulty.store.mailbox(USERS.alex.id).messages.values()].filter((m) =>
      m.subject.startsWith("rate"),
    );
    expect(inbox).toHaveLength(3);
    expect(faulty.requests.filter((r) => r.kind === "identity").every((r) => r.fault === undefined)).toBe(true);
  } finally {
    await faulty.stop();
  }
});

it("at a rate, before acting: draws 429, 503, 504 and resets among the kinds chosen, none of which sends", async () => {
  const faulty = await startSandbox({
    faultRate: 1,
    faultBeforeKinds: ["throttle", "unavailable", "gatewayTimeout", "reset"],
    faultRetryAfterSeconds: 0,
  });
  try {
    const faultyToken = await appToken(faulty);
    const seen = new Set<string>();
    for (let i = 0; seen.size < 4 && i < 200; i++) {
      const res = await raw(faulty, "POST", `${adele}/sendMail`, {
        token: faultyToken,
        headers: json,
        body: mail(`before ${i}`),
      }).catch(() => undefined);
      if (!res) {
        seen.add("reset");
        continue;
      }
      seen.add(String(res.status));
      expect(res.headers.get("retry-after")).toBe("0");
    }
    expect([...seen].sort()).toEqual(["429", "503", "504", "reset"]);
    expect(faulty.store.mailbox(USERS.alex.id).messages.size).toBe(0);
  } finally {
    await faulty.stop();
  }
});
