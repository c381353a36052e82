import { USERS, type Sandbox } from "../../../sandbox";
import { actionError, actionRunner, secretConnection, startSandbox } from "../support";

/** Category actions against the sandbox: the mailbox's master list of categories. */

let sb: Sandbox;
let connection: ReturnType<typeof secretConnection>;
beforeAll(async () => {
  sb = await startSandbox();
  connection = secretConnection(sb);
});
afterAll(() => sb.stop());

const run = actionRunner(() => connection);

describe("listMasterCategories", () => {
  it("lists the mailbox's categories with their colours, in one request on that mailbox's path", async () => {
    const before = sb.requests.length;
    const list = (await run("listMasterCategories", { mailbox: USERS.megan.upn })) as unknown as {
      id: string;
      displayName: string;
      color: string;
    }[];
    expect(list.map((c) => c.displayName)).toEqual([
      "Red category",
      "Orange category",
      "Yellow category",
      "Green category",
      "Blue category",
      "Purple category",
    ]);
    expect(list[0].color).toBe("preset0");
    const graph = sb.requests.slice(before).filter((r) => r.kind === "graph");
    expect(graph.map((r) => `${r.method} ${decodeURIComponent(r.path)}`)).toEqual([
      `GET /v1.0/users/${USERS.megan.upn}/outlook/masterCategories`,
    ]);
  });

  it("names the mailbox when it has none, and refuses a malformed mailbox before any request", async () => {
    expect(await actionError("listMasterCategories", { connection, mailbox: USERS.isaiah.upn })).toMatchObject({
      graphCode: "MailboxNotEnabledForRESTAPI",
      property: "mailbox",
    });
    const before = sb.requests.length;
    expect(await actionError("listMasterCategories", { connection, mailbox: "not an address" })).toMatchObject({
      code: "ArgumentInvalid",
      property: "mailbox",
    });
    expect(sb.requests.length).toBe(before);
  });
});
