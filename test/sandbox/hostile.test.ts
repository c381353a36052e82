import type { Sandbox } from "../../sandbox";
import { hostileRequests, runHostile } from "../../scripts/hostile";
import { startSandbox } from "./support";

/**
 * A thousand hostile requests (malformed targets, methods, headers, chunking, bodies, OData values,
 * control values, identity forms): every one answered, none crashing the sandbox or hanging it,
 * and the sandbox answering a normal request after each batch of 100.
 */

let sb: Sandbox;
beforeAll(async () => {
  // Plain HTTP keeps a thousand connections cheap; the requests' handling is the same as over TLS.
  sb = await startSandbox({ http: true, requestTimeoutMs: 500 });
});
afterAll(() => sb.stop());

it("generates the same requests for the same seed, of every category", () => {
  const a = hostileRequests(300, 7);
  expect(hostileRequests(300, 7)).toEqual(a);
  expect(hostileRequests(300, 8)).not.toEqual(a);
  expect(new Set(a.map((r) => r.category))).toEqual(
    new Set(["target", "method", "header", "body", "odata", "control", "identity"]),
  );
});

it("answers 1,000 hostile requests without a crash or a hang, and keeps serving", async () => {
  const report = await runHostile({ url: sb.url }, 1000, { seed: 20261122 });
  expect(report.examples).toEqual([]);
  expect(report).toMatchObject({ sent: 1000, answered: 1000, crashes: 0, hangs: 0 });
  expect(sb.internalErrors).toBe(0);
  expect(Object.keys(report.byStatus).every((status) => Number(status) < 500)).toBe(true);
  expect(report.byStatus["400"]).toBeGreaterThan(100);
});
