import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { CERT_DIR } from "../../sandbox";

/** `npm run sandbox -- [flags]`, as another tool starts it: a child process that prints one JSON line when ready. */

const root = join(__dirname, "../..");
const children: ChildProcess[] = [];
const dirs: string[] = [];
afterAll(() => {
  children.forEach((c) => c.kill());
  dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
});

function startCli(args: string[]): Promise<{ line: Record<string, unknown>; child: ChildProcess }> {
  const child = spawn(
    process.execPath,
    [join(root, "node_modules/tsx/dist/cli.mjs"), join(root, "sandbox/cli.ts"), ...args],
    { cwd: root, stdio: ["ignore", "pipe", "pipe"] },
  );
  children.push(child);
  return new Promise((resolve, reject) => {
    let stderr = "";
    child.stderr!.on("data", (d) => (stderr += String(d)));
    child.on("exit", (code) => reject(new Error(`sandbox exited with ${code}: ${stderr}`)));
    createInterface({ input: child.stdout! }).once("line", (l) =>
      resolve({ line: JSON.parse(l) as Record<string, unknown>, child }),
    );
  });
}

function exitOf(args: string[]): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(
    process.execPath,
    [join(root, "node_modules/tsx/dist/cli.mjs"), join(root, "sandbox/cli.ts"), ...args],
    { cwd: root, stdio: ["ignore", "pipe", "pipe"] },
  );
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += String(d)));
  return new Promise((resolve) => child.on("exit", (code) => resolve({ code, stderr })));
}

it("starts with a seed file over plain HTTP and logs every request to a file", async () => {
  const dir = mkdtempSync(join(tmpdir(), "sandbox-cli-"));
  dirs.push(dir);
  const seedFile = join(dir, "seed.json");
  writeFileSync(
    seedFile,
    JSON.stringify({
      tenants: [{ id: "11111111-2222-3333-4444-555555555555", domain: "fabrikam.onmicrosoft.com" }],
      apps: [
        {
          clientId: "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
          tenantId: "11111111-2222-3333-4444-555555555555",
          displayName: "Fabrikam app",
          secrets: ["fabrikam-secret"],
          certificates: [join(CERT_DIR, "app-cert.pem")],
          applicationPermissions: ["Mail.Send"],
        },
      ],
      users: [
        {
          id: "99999999-0000-0000-0000-000000000001",
          tenantId: "11111111-2222-3333-4444-555555555555",
          userPrincipalName: "pat@fabrikam.onmicrosoft.com",
          mail: "pat@fabrikam.onmicrosoft.com",
          displayName: "Pat",
        },
      ],
    }),
  );
  const log = join(dir, "requests.jsonl");
  const { line } = await startCli(["--port", "0", "--http", "--seed", seedFile, "--request-log", log]);
  expect(String(line.url)).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  expect(line.ca).toBeUndefined();
  expect(line.tenants).toEqual([{ id: "11111111-2222-3333-4444-555555555555", domain: "fabrikam.onmicrosoft.com" }]);

  const token = await fetch(String(line.tokenEndpoint), {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "client_credentials",
      client_id: "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
      client_secret: "fabrikam-secret",
      scope: "https://graph.microsoft.com/.default",
    }),
  });
  const { access_token } = (await token.json()) as { access_token: string };
  const sent = await fetch(`${line.url}/v1.0/users/pat@fabrikam.onmicrosoft.com/sendMail`, {
    method: "POST",
    headers: { Authorization: `Bearer ${access_token}`, "Content-Type": "application/json" },
    body: JSON.stringify({
      message: { subject: "hi", toRecipients: [{ emailAddress: { address: "pat@fabrikam.onmicrosoft.com" } }] },
    }),
  });
  expect(sent.status).toBe(202);
  // The sandbox writes a request's line once it has answered it, so the last line may trail the answer.
  const readLog = () =>
    readFileSync(log, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
  for (let i = 0; i < 50 && readLog().length < 2; i++) await new Promise((r) => setTimeout(r, 20));
  const lines = readLog();
  expect(lines.map((l) => [l.method, l.status])).toEqual([
    ["POST", 200],
    ["POST", 202],
  ]);
  expect(lines[1]).toMatchObject({
    path: "/v1.0/users/pat@fabrikam.onmicrosoft.com/sendMail",
    durationMs: expect.any(Number),
  });
});

it("serves HTTPS with a given certificate and key, and prints the CA only for its own certificate", async () => {
  const { line } = await startCli([
    "--port",
    "0",
    "--tls-cert",
    join(CERT_DIR, "server.pem"),
    "--tls-key",
    join(CERT_DIR, "server-key.pem"),
  ]);
  expect(String(line.url)).toMatch(/^https:\/\//);
  expect(line.ca).toBeUndefined();
  const health = await fetch(`${line.url}/_sandbox/health`);
  expect(health.status).toBe(200);
  const own = await startCli(["--port", "0"]);
  expect(own.line.ca).toBe(join(CERT_DIR, "ca.pem"));
});

it.each([
  [["--port", "seventy"], /--port must be a number/],
  [["--tls-cert", "x.pem"], /go together/],
  [["--throttle", "always"], /--throttle must be outlook or off/],
  [["--fault-rate", "2"], /--fault-rate must be a number from 0 to 1/],
  [["--bogus"], /Unknown option/],
])("refuses bad flags %j with exit code 2 and the usage", async (args, message) => {
  const { code, stderr } = await exitOf(args);
  expect(code).toBe(2);
  expect(stderr).toMatch(message);
  expect(stderr).toContain("Usage: npm run sandbox");
});
