import { readFileSync } from "node:fs";
import { join } from "node:path";
import { loggerMock } from "@prismatic-io/spectral/dist/testing";
import { CERT_DIR, DEFAULT_APP_SECRET, EXPIRED_SECRET, USERS, type Sandbox } from "../../../sandbox";
import {
  authorizationCodeConnection,
  certificateConnection,
  harness,
  PFX_PASSWORD,
  pfxBase64,
  secretConnection,
  startSandbox,
} from "../support";

/**
 * No client secret, token, refresh token, private key or password may appear in a log line, an
 * error message or stack, or an action's output. This runs successes and every kind of failure,
 * capturing everything the component and its libraries print or return, and scans it.
 */

let sb: Sandbox;
const seen: string[] = [];
const printed: string[] = [];
let spies: jest.SpyInstance[] = [];

beforeAll(async () => {
  sb = await startSandbox();
  const capture = (chunk: unknown) => {
    printed.push(String(chunk));
    return true;
  };
  spies = [
    jest.spyOn(process.stdout, "write").mockImplementation(capture as never),
    jest.spyOn(process.stderr, "write").mockImplementation(capture as never),
    ...(["log", "info", "warn", "error", "debug"] as const).map((m) =>
      jest.spyOn(console, m).mockImplementation((...a: unknown[]) => void printed.push(a.map(String).join(" "))),
    ),
  ];
});
afterAll(async () => {
  spies.forEach((s) => s.mockRestore());
  await sb.stop();
});

async function run(key: string, params: Record<string, unknown>): Promise<void> {
  const logger = loggerMock();
  try {
    seen.push(JSON.stringify(await harness.action(key, params, { logger })));
  } catch (e) {
    const err = e as Error;
    seen.push(err.message, err.stack ?? "", JSON.stringify(err), String(err));
  }
  for (const fn of Object.values(logger)) {
    const calls = (fn as jest.Mock).mock?.calls ?? [];
    for (const call of calls)
      seen.push(call.map((c: unknown) => (typeof c === "string" ? c : JSON.stringify(c))).join(" "));
  }
}

it("keeps every secret out of logs, errors and outputs", async () => {
  const { connection: delegated, token } = await authorizationCodeConnection(sb);
  const keyPem = readFileSync(join(CERT_DIR, "app-key.pem"), "utf8");
  const keyLine = keyPem.split("\n")[1];

  await run("sendMessage", { connection: secretConnection(sb), to: USERS.alex.upn, subject: "ok" });
  await run("getCurrentUser", { connection: delegated });
  await run("getCurrentUser", {
    connection: { ...delegated, token: { ...token, expires_at: "2000-01-01T00:00:00Z" } },
  });
  await run("getCurrentUser", {
    connection: certificateConnection(sb, { certificate: pfxBase64(), certificatePassword: PFX_PASSWORD }),
  });
  await run("getCurrentUser", { connection: secretConnection(sb, { clientSecret: "wrong-secret-value-123" }) });
  await run("getCurrentUser", { connection: secretConnection(sb, { clientSecret: EXPIRED_SECRET }) });
  await run("getCurrentUser", { connection: secretConnection(sb, { tenant: "nosuch.onmicrosoft.com" }) });
  await run("getCurrentUser", {
    connection: certificateConnection(sb, { certificate: pfxBase64(), certificatePassword: "wrong-password-456" }),
  });
  await run("getCurrentUser", { connection: certificateConnection(sb, { certificate: keyPem }) });
  await run("getCurrentUser", {
    connection: {
      ...delegated,
      token: { ...token, access_token: "eyJhbGciOiJub25lIn0.eyJleHAiOjF9.forged-token-value" },
    },
  });
  await run("sendMessage", { connection: secretConnection(sb), to: "nobody", subject: "bad" });
  await run("sendMessage", {
    connection: secretConnection(sb),
    mailbox: "nobody@contoso.onmicrosoft.com",
    to: USERS.alex.upn,
    subject: "unknown mailbox",
  });
  sb.faults.throttleNext(1, 3600);
  await run("getCurrentUser", { connection: secretConnection(sb) });

  expect(seen.length).toBeGreaterThan(20);
  const leaks = (text: string) => secrets.filter((secret) => text.includes(secret));
  const secrets = [
    DEFAULT_APP_SECRET,
    EXPIRED_SECRET,
    "wrong-secret-value-123",
    PFX_PASSWORD,
    "wrong-password-456",
    keyLine,
    String(token.access_token),
    String(token.refresh_token),
    "forged-token-value",
  ];
  const everything = [...seen, ...printed].join("\n");
  // The scan does find a planted secret.
  expect(leaks(`control: ${DEFAULT_APP_SECRET} ${String(token.refresh_token)}`)).toHaveLength(2);
  expect(leaks(everything)).toEqual([]);
  expect(everything).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/);
  // The failures really happened and say what to fix.
  expect(everything).toContain("AADSTS7000215");
  expect(everything).toContain("connection.certificatePassword");
});
