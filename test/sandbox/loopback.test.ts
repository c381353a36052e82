import { execFile } from "node:child_process";
import { request } from "node:https";
import { connect } from "node:net";
import { promisify } from "node:util";

/** The guard every test runs under (test/setup/loopbackOnly.ts): nothing leaves this machine. */
it("refuses a connection to a Microsoft host before any packet is sent", async () => {
  const failure = await fetch("https://graph.microsoft.com/v1.0/me").catch(
    (e: Error & { cause?: Error }) => e.cause?.message ?? e.message,
  );
  expect(failure).toMatch(/tests may only reach loopback/);
  expect(() => request("https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration").end()).toThrow(
    /tests may only reach loopback/,
  );
  expect(() => connect(443, "graph.microsoft.com")).toThrow(/tests may only reach loopback/);
});

it("refuses it in a child process a test starts too (the guard is inherited through NODE_OPTIONS)", async () => {
  const script = `require("node:net").connect(443, "graph.microsoft.com").on("error", (e) => console.log(e.message))`;
  const failure = await promisify(execFile)(process.execPath, ["-e", script]).then(
    (r) => r.stdout + r.stderr,
    (e: Error & { stderr?: string }) => e.stderr ?? e.message,
  );
  expect(failure).toMatch(/tests may only reach loopback/);
});
