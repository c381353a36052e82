import { USERS, type Sandbox } from "../../../sandbox";
import { mailboxOfPath } from "../../../src/graph/mailboxGate";
import { harness, secretConnection, startSandbox } from "../support";

/**
 * Outlook serves 4 requests at a time per app and mailbox and answers more with 429 and a Retry-After
 * of a second: actions started together on one connection keep to 4 in flight per mailbox and wait
 * for a slot, so none meets the 429, while two mailboxes still go in parallel.
 */

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox({ throttle: "outlook" });
});
afterAll(() => sb.stop());

/** Holds each folder listing 100 ms and counts how many the sandbox works on at once, per mailbox and in all. */
async function watchingListings<T>(work: () => Promise<T>) {
  const route = sb.router.routes.find((r) => r.method === "GET" && r.template === "/users/{user-id}/mailFolders")!;
  const original = route.handler;
  const running = new Map<string, number>();
  const most = new Map<string, number>();
  let all = 0;
  let mostInAll = 0;
  route.handler = async (ctx) => {
    const mailbox = ctx.params["user-id"];
    running.set(mailbox, (running.get(mailbox) ?? 0) + 1);
    most.set(mailbox, Math.max(most.get(mailbox) ?? 0, running.get(mailbox)!));
    mostInAll = Math.max(mostInAll, ++all);
    try {
      await new Promise((resolve) => setTimeout(resolve, 100));
      await original(ctx);
    } finally {
      running.set(mailbox, running.get(mailbox)! - 1);
      all--;
    }
  };
  try {
    return { result: await work(), most, mostInAll: () => mostInAll };
  } finally {
    route.handler = original;
  }
}

it("runs 12 actions started together on a mailbox 4 at a time, none meeting a 429; 2 mailboxes at once", async () => {
  const connection = secretConnection(sb);
  const mark = sb.requests.length;
  const list = (mailbox: string) => harness.action("listMailFolders", { connection, mailbox });
  const watched = await watchingListings(() =>
    Promise.all([
      ...Array.from({ length: 12 }, () => list(USERS.adele.upn)),
      ...Array.from({ length: 8 }, () => list(USERS.megan.upn)),
    ]),
  );
  expect(watched.result).toHaveLength(20);
  const listings = sb.requests.slice(mark).filter((r) => r.kind === "graph" && r.path.endsWith("/mailFolders"));
  expect(listings.map((r) => r.status)).toEqual(Array(20).fill(200));
  expect(watched.most.get(USERS.adele.upn)).toBe(4);
  expect(watched.most.get(USERS.megan.upn)).toBe(4);
  expect(watched.mostInAll()).toBe(8);
});

it("knows the mailbox a path or a link works on", () => {
  expect(mailboxOfPath("/users/Alex%40contoso.com/messages")).toBe("alex@contoso.com");
  expect(mailboxOfPath("/me/mailFolders/inbox/messages")).toBe("me");
  expect(mailboxOfPath("https://graph.microsoft.com/v1.0/users/ABC/messages?$skip=10")).toBe("abc");
  expect(mailboxOfPath("/users/abc")).toBeUndefined();
  expect(mailboxOfPath("/$batch")).toBeUndefined();
  expect(mailboxOfPath("/subscriptions/1")).toBeUndefined();
});
