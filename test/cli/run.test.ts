import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  CERT_DIR,
  DEFAULT_APP_ID,
  DEFAULT_APP_SECRET,
  DEFAULT_TENANT_ID,
  USERS,
  start,
  type Sandbox,
} from "../../sandbox";
import { errorOf, runner } from "./support";

/** `outlook run`: one action from a terminal, against a sandbox this test can look into. */

let sb: Sandbox;
let dir: string;
beforeAll(async () => {
  sb = await start({ port: 0 });
  dir = mkdtempSync(join(tmpdir(), "outlook-cli-"));
});
afterAll(async () => {
  await sb.stop();
  rmSync(dir, { recursive: true, force: true });
});

const inbox = (userId: string) => {
  const mb = sb.store.mailbox(userId);
  const id = sb.store.folderByWellKnown(mb, "inbox").id;
  return [...mb.messages.values()].filter((m) => m.folderId === id);
};

/** What must never appear in any output: the app's secret, and any token. */
function expectNoSecrets(text: string): void {
  expect(text).not.toContain(DEFAULT_APP_SECRET);
  expect(text).not.toMatch(/eyJ[\w-]{8,}\.[\w-]{8,}/);
}

it("sends a message that lands in the recipient's mailbox, and prints the result as JSON", async () => {
  const file = join(dir, "notes.txt");
  writeFileSync(file, "meeting notes\n");
  const { code, stdout, stderr } = await runner([
    "run",
    "sendMessage",
    "--sandbox-url",
    sb.url,
    "--to",
    `Alex Wilber <${USERS.alex.upn}>`,
    "--subject",
    "From the command line",
    "--body",
    "<p>Sent with <b>outlook run</b></p>",
    "--attachments",
    `@${file}`,
  ]);
  expect(stderr).toBe("");
  expect(code).toBe(0);
  const result = JSON.parse(stdout) as Record<string, unknown>;
  expect(result).toMatchObject({
    sent: true,
    mailbox: USERS.adele.upn,
    to: [USERS.alex.upn],
    attachments: [{ name: "notes.txt", size: 14, method: "inline" }],
  });
  const delivered = inbox(USERS.alex.id).find((m) => m.subject === "From the command line");
  expect(delivered?.body.content).toContain("<b>outlook run</b>");
  expect(delivered?.from?.emailAddress.address).toBe(USERS.adele.upn);
  expect(delivered?.attachments.map((a) => [a.name, a.content.toString()])).toEqual([["notes.txt", "meeting notes\n"]]);
  expectNoSecrets(stdout + stderr);
});

it("stops a bad input before any request, with a typed error naming the property", async () => {
  const before = sb.requests.length;
  const bad = await runner(["run", "sendMessage", "--sandbox-url", sb.url, "--to", "not an address", "--subject", "x"]);
  expect(bad.code).toBe(1);
  expect(bad.stdout).toBe("");
  expect(errorOf(bad.stderr)).toMatchObject({ code: "ArgumentInvalid", type: "ArgumentError", property: "to" });
  const unknown = await runner([
    "run",
    "sendMessage",
    "--sandbox-url",
    sb.url,
    "--to",
    USERS.alex.upn,
    "--sujbect",
    "x",
  ]);
  expect(unknown.code).toBe(2);
  expect(errorOf(unknown.stderr)).toMatchObject({ code: "UnknownInput", property: "sujbect" });
  const missing = await runner(["run", "sendMessage", "--sandbox-url", sb.url, "--subject", "x"]);
  expect(missing.code).toBe(2);
  expect(errorOf(missing.stderr)).toMatchObject({ code: "PropertyNull", property: "to" });
  const file = await runner([
    "run",
    "sendMessage",
    "--sandbox-url",
    sb.url,
    "--to",
    USERS.alex.upn,
    "--attachments",
    "@nope.bin",
  ]);
  expect(errorOf(file.stderr)).toMatchObject({ code: "InputFileNotFound", property: "attachments" });
  expect(sb.requests.length).toBe(before);
});

it("reports Graph's refusal as a typed error with Graph's code and no secret", async () => {
  const { code, stderr } = await runner([
    "run",
    "getMailMessage",
    "--sandbox-url",
    sb.url,
    "--messageId",
    "AAMkAGVmMDEzMTM4LTZmYWUtNDdkNC1hMDZiLTU1OGY5OTZhYmY4OABGAAAAAAAiQ8W967B7TKBjgx9rVEURBwAiIsqMbYjsT5e",
  ]);
  expect(code).toBe(1);
  expect(errorOf(stderr)).toMatchObject({ code: "GraphServiceError", graphCode: "ErrorItemNotFound", status: 404 });
  expectNoSecrets(stderr);
});

it("reads inputs from a params file and files as bytes; piped, a 4 MB upload shows no progress", async () => {
  const attachment = randomBytes(4 * 1024 * 1024 + 1);
  writeFileSync(join(dir, "big.bin"), attachment);
  writeFileSync(
    join(dir, "params.json"),
    JSON.stringify({ to: USERS.megan.upn, subject: "Params file", importance: "high", bodyContentType: "text" }),
  );
  const { code, stdout, stderr } = await runner([
    "run",
    "sendMessage",
    "--sandbox-url",
    sb.url,
    "--params",
    join(dir, "params.json"),
    "--body",
    "from the file",
    "--attachments",
    `report.bin=@${join(dir, "big.bin")}`,
  ]);
  // A 4 MB upload through an upload session, piped: no progress noise on stderr.
  expect(stderr).toBe("");
  expect(code).toBe(0);
  expect(JSON.parse(stdout)).toMatchObject({
    importance: "high",
    via: "draft",
    attachments: [{ name: "report.bin", size: attachment.length, method: "uploadSession" }],
  });
  const got = inbox(USERS.megan.id).find((m) => m.subject === "Params file")!;
  expect(got.importance).toBe("high");
  expect(got.attachments[0].content.equals(attachment)).toBe(true);
});

it("shows progress only when asked to on a pipe: requests and bytes, never a token", async () => {
  writeFileSync(join(dir, "progress.bin"), randomBytes(9 * 1024 * 1024));
  const before = sb.requests.length;
  const { code, stderr } = await runner([
    "run",
    "sendMessage",
    "--sandbox-url",
    sb.url,
    "--progress",
    "--to",
    USERS.alex.upn,
    "--attachments",
    `@${join(dir, "progress.bin")}`,
  ]);
  expect(code).toBe(0);
  // The last line counts what the sandbox saw: every request, every byte sent.
  const seen = sb.requests.slice(before);
  const sentMb = (seen.reduce((n, r) => n + r.requestBytes, 0) / 1024 / 1024).toFixed(1);
  expect(seen.filter((r) => r.kind === "upload")).toHaveLength(3);
  const last = stderr.trim().split("\n").at(-1)!;
  expect(last).toMatch(
    new RegExp(`^sendMessage: ${seen.length} requests, ${sentMb.replace(".", "\\.")} MB sent, \\d+\\.\\d s$`),
  );
  expectNoSecrets(stderr);
});

it("runs against an embedded sandbox when given no URL, with the seeded app and mailbox", async () => {
  const { code, stdout, stderr } = await runner(["run", "getCurrentUser"]);
  expect(stderr).toBe("");
  expect(code).toBe(0);
  expect(JSON.parse(stdout)).toMatchObject({ userPrincipalName: USERS.adele.upn, displayName: "Adele Vance" });
});

describe("a tenant described by OUTLOOK_* variables", () => {
  const tenant = () => ({
    OUTLOOK_TENANT: DEFAULT_TENANT_ID,
    OUTLOOK_CLIENT_ID: DEFAULT_APP_ID,
    OUTLOOK_GRAPH_URL: sb.url,
    OUTLOOK_AUTHORITY: sb.url,
    OUTLOOK_MAILBOX: USERS.megan.upn,
  });

  it("connects with a certificate file", async () => {
    const pem = join(dir, "app.pem");
    writeFileSync(
      pem,
      readFileSync(join(CERT_DIR, "app-cert.pem"), "utf8") + readFileSync(join(CERT_DIR, "app-key.pem"), "utf8"),
    );
    const { code, stdout, stderr } = await runner(["run", "getCurrentUser"], {
      ...tenant(),
      OUTLOOK_CONNECTION: "certificate",
      OUTLOOK_CERTIFICATE_PATH: pem,
    });
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ userPrincipalName: USERS.megan.upn });
  });

  it("never shows the secret, even when the identity platform refuses it", async () => {
    const wrong = "Sbx8Q~a-wrong-secret-that-must-stay-hidden";
    const { code, stdout, stderr } = await runner(["run", "getCurrentUser"], {
      ...tenant(),
      OUTLOOK_CLIENT_SECRET: wrong,
    });
    expect(code).toBe(1);
    expect(errorOf(stderr)).toMatchObject({ code: "AuthenticationFailed", aadstsCodes: [7000215] });
    expect(stdout + stderr).not.toContain(wrong);
  });

  it("refuses a malformed authority for the oauth2 connection as a typed error, before any request", async () => {
    const before = sb.requests.length;
    const secrets = { OUTLOOK_CLIENT_SECRET: "Sbx8Q~a-secret", OUTLOOK_REFRESH_TOKEN: "refresh-token-never-shown" };
    for (const authority of ["not a url", `${sb.url}/extra`]) {
      const { code, stdout, stderr } = await runner(["run", "getCurrentUser"], {
        ...tenant(),
        ...secrets,
        OUTLOOK_CONNECTION: "oauth2",
        OUTLOOK_AUTHORITY: authority,
      });
      expect(code).toBe(1);
      expect(errorOf(stderr)).toMatchObject({ code: "ArgumentInvalid", property: "connection.tenantUrl" });
      expect(stdout + stderr).not.toContain(secrets.OUTLOOK_REFRESH_TOKEN);
    }
    expect(sb.requests.length).toBe(before);
  });

  it("names the variable that is missing, before any request", async () => {
    const before = sb.requests.length;
    const { code, stderr } = await runner(["run", "getCurrentUser"], tenant());
    expect(code).toBe(2);
    expect(errorOf(stderr)).toMatchObject({ code: "PropertyNull", property: "OUTLOOK_CLIENT_SECRET" });
    expect(sb.requests.length).toBe(before);
  });
});
