import { request } from "node:https";

/** The guard every test runs under (test/setup/loopbackOnly.ts): nothing leaves this machine. */
it("refuses a connection to a Microsoft host before any packet is sent", async () => {
  const failure = await fetch("https://graph.microsoft.com/v1.0/me").catch(
    (e: Error & { cause?: Error }) => e.cause?.message ?? e.message,
  );
  expect(failure).toMatch(/tests may only reach loopback/);
  expect(() => request("https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration").end()).toThrow(
    /tests may only reach loopback/,
  );
});
