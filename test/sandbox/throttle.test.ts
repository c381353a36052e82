import { USERS, type Sandbox } from "../../sandbox";
import { OUTLOOK_REQUESTS_PER_WINDOW } from "../../sandbox/throttle";
import { appToken, raw, startSandbox, type RawResponse } from "./support";

/**
 * `--throttle outlook`: Outlook's limits per app and mailbox. A request holds one of the mailbox's
 * 4 slots from its arrival to its answer, latency included, and 10,000 requests fill a 10-minute
 * window on the sandbox's clock.
 */

let sb: Sandbox;
let token: string;
beforeAll(async () => {
  sb = await startSandbox({ throttle: "outlook", latencyMs: 300 });
  token = await appToken(sb);
});
afterAll(() => sb.stop());

const folders = (user: string) => raw(sb, "GET", `/v1.0/users/${user}/mailFolders?$top=1`, { token });

function expectThrottled(res: RawResponse): void {
  expect(res.status).toBe(429);
  expect(Number(res.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
  // The body of Graph's throttling guidance: code TooManyRequests, innerError code and status "429".
  expect(res.json.error).toMatchObject({
    code: "TooManyRequests",
    message: "Please retry again later.",
    innerError: {
      code: "429",
      message: "Please retry after",
      status: "429",
      "request-id": res.headers.get("request-id"),
      date: expect.any(String),
    },
  });
}

it("throttles a fifth concurrent request on one mailbox, small as it is, and no other mailbox", async () => {
  // Alex by UPN and by id is one mailbox: one set of slots.
  const alex = [USERS.alex.upn, USERS.alex.id, USERS.alex.upn, USERS.alex.id, USERS.alex.upn].map(folders);
  const megan = [1, 2, 3].map(() => folders(USERS.megan.upn));
  const results = await Promise.all([...alex, ...megan]);
  const alexResults = results.slice(0, 5);
  const throttled = alexResults.filter((r) => r.status === 429);
  expect(throttled.length).toBeGreaterThanOrEqual(1);
  expect(alexResults.filter((r) => r.status === 200).length).toBe(5 - throttled.length);
  throttled.forEach(expectThrottled);
  expect(results.slice(5).map((r) => r.status)).toEqual([200, 200, 200]);
  // Once the slots are free again, Alex's mailbox answers.
  expect((await folders(USERS.alex.upn)).status).toBe(200);
});

it("allows 10,000 requests per app and mailbox in 10 minutes of the sandbox clock, then answers 429", async () => {
  const appId = (JSON.parse(Buffer.from(token.split(".")[1], "base64url").toString()) as { appid: string }).appid;
  // The first 9,999 of the window, counted where requests are counted (the shared mailbox has had none yet).
  for (let i = 0; i < OUTLOOK_REQUESTS_PER_WINDOW - 1; i++) sb.faults.outlook.admit(appId, USERS.sales.id)();
  expect((await folders(USERS.sales.upn)).status).toBe(200);
  const over = await folders(USERS.sales.upn);
  expectThrottled(over);
  expect(Number(over.headers.get("retry-after"))).toBeGreaterThan(500);
  expect((await folders(USERS.megan.upn)).status).toBe(200);
  sb.clock.advance(10 * 60 * 1000);
  try {
    expect((await folders(USERS.sales.upn)).status).toBe(200);
  } finally {
    sb.clock.reset();
  }
});
