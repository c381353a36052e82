import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { USERS, type Sandbox } from "../../sandbox";
import { appToken, raw, startSandbox } from "./support";

let sb: Sandbox;
let token: string;
const logDir = mkdtempSync(join(tmpdir(), "sandbox-log-"));
const logFile = join(logDir, "requests.jsonl");
beforeAll(async () => {
  sb = await startSandbox({ requestLog: logFile });
  token = await appToken(sb);
});
afterAll(async () => {
  await sb.stop();
  rmSync(logDir, { recursive: true, force: true });
});

const alex = `/v1.0/users/${USERS.alex.upn}`;

describe("the request log", () => {
  it("writes one JSON line per request with method, path, status and duration", async () => {
    await raw(sb, "GET", `${alex}/mailFolders`, { token });
    const lines = readFileSync(logFile, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines.length).toBe(sb.requests.length);
    expect(lines[lines.length - 1]).toMatchObject({
      method: "GET",
      path: `${alex}/mailFolders`,
      status: 200,
      kind: "graph",
      durationMs: expect.any(Number),
    });
  });
});
