import type { Client } from "@microsoft/microsoft-graph-client";
import { USERS, type Sandbox } from "../../sandbox";
import { appToken, expectGraphError, graphClient, raw, startSandbox, graphError } from "./support";

/** Incremental sync of a folder's messages (mailFolders/{id}/messages/delta). */

let sb: Sandbox;
let client: Client;
let token: string;
beforeAll(async () => {
  sb = await startSandbox();
  token = await appToken(sb);
  client = graphClient(sb, token);
});
afterAll(() => sb.stop());

const megan = `/users/${USERS.megan.upn}`;

describe("delta", () => {
  it("returns created, updated and removed items, nothing twice across pages, and where to resume", async () => {
    const folder = await client.api(`${megan}/mailFolders`).post({ displayName: "Synced" });
    const ids: string[] = [];
    for (let i = 0; i < 7; i++)
      ids.push((await client.api(`${megan}/mailFolders/${folder.id}/messages`).post({ subject: `d${i}` })).id);

    async function round(
      link: string,
    ): Promise<{ items: Record<string, unknown>[]; deltaLink: string; pages: number }> {
      const items: Record<string, unknown>[] = [];
      let pages = 0;
      let next: string | undefined = link;
      for (;;) {
        const page: Record<string, unknown> = await client.api(next!).header("Prefer", "odata.maxpagesize=3").get();
        pages++;
        items.push(...(page.value as Record<string, unknown>[]));
        if (pages === 1 && link.includes("/delta") && !link.includes("token")) {
          // A change while the client pages: it must not come twice in this round.
          await client.api(`${megan}/messages/${ids[6]}`).patch({ isRead: false });
        }
        if (page["@odata.deltaLink"]) return { items, deltaLink: String(page["@odata.deltaLink"]), pages };
        next = String(page["@odata.nextLink"]);
      }
    }

    const first = await round(`${megan}/mailFolders/${folder.id}/messages/delta?$select=subject,isRead`);
    const firstIds = first.items.map((i) => i.id);
    // The round started before ids[6] changed: it holds the other six once each, and ids[6] comes next round.
    expect(first.pages).toBe(2);
    expect(firstIds.sort()).toEqual(ids.slice(0, 6).sort());
    expect(Object.keys(first.items[0]).sort()).toEqual(["@odata.etag", "@odata.type", "id", "isRead", "subject"]);

    await client.api(`${megan}/messages/${ids[0]}`).patch({ isRead: false });
    await client.api(`${megan}/messages/${ids[1]}`).delete();
    const added = (await client.api(`${megan}/mailFolders/${folder.id}/messages`).post({ subject: "d7" })).id;
    const second = await round(first.deltaLink);
    const byId = new Map(second.items.map((i) => [i.id, i]));
    expect(byId.get(ids[0])).toMatchObject({ isRead: false });
    expect(byId.get(ids[1])).toEqual({
      "@odata.type": "#microsoft.graph.message",
      id: ids[1],
      "@removed": { reason: "deleted" },
    });
    expect(byId.get(added)).toMatchObject({ subject: "d7" });
    expect(byId.get(ids[6])).toMatchObject({ subject: "d6", isRead: false });
    expect(second.items).toHaveLength(4);

    const third = await round(second.deltaLink);
    expect(third.items).toEqual([]);
  });

  it("answers a tampered token with 410 and refuses filters delta cannot take", async () => {
    const folder = sb.store.mailbox(USERS.megan.id).wellKnown.get("inbox");
    expect(
      await graphError(client.api(`${megan}/mailFolders/${folder}/messages/delta?$deltatoken=garbage`).get()),
    ).toMatchObject({ statusCode: 410, code: "SyncStateNotFound" });
    expect(
      await graphError(client.api(`${megan}/mailFolders/inbox/messages/delta`).filter("isRead eq false").get()),
    ).toMatchObject({ statusCode: 400 });
  });
});

describe("delta links expire", () => {
  let folderId: string;
  beforeAll(async () => {
    folderId = (await client.api(`${megan}/mailFolders`).post({ displayName: "Expiring" })).id;
    for (const subject of ["e1", "e2", "e3"])
      await client.api(`${megan}/mailFolders/${folderId}/messages`).post({ subject });
  });
  afterEach(async () => {
    sb.clock.reset();
    token = await appToken(sb);
  });

  /** Moves the sandbox clock, and gets a token that is valid at the new time. */
  async function advanceDays(days: number): Promise<void> {
    sb.clock.advance(days * 24 * 3600 * 1000);
    token = await appToken(sb);
  }

  const deltaPath = () => `/v1.0${megan}/mailFolders/${folderId}/messages/delta`;
  const get = (link: string, prefer?: string) =>
    raw(sb, "GET", link, { token, headers: prefer ? { Prefer: prefer } : {} });

  /** A full first round: its first page's nextLink and the round's deltaLink. */
  async function links(query = ""): Promise<{ nextLink: string; deltaLink: string }> {
    const first = await get(`${deltaPath()}${query}`, "odata.maxpagesize=1");
    let page = first;
    while (page.json["@odata.nextLink"]) page = await get(String(page.json["@odata.nextLink"]), "odata.maxpagesize=1");
    return { nextLink: String(first.json["@odata.nextLink"]), deltaLink: String(page.json["@odata.deltaLink"]) };
  }

  function expectSyncStateNotFound(res: Awaited<ReturnType<typeof get>>): void {
    expectGraphError(res, 410, "SyncStateNotFound");
    expect((res.json.error as { message: string }).message).toMatch(/^The sync state generation is not found/);
  }

  it("after 30 days unused on the sandbox clock (58 days after first use): 410; a fresh round works", async () => {
    const { deltaLink } = await links();
    await advanceDays(29);
    const fresh = await get(deltaLink);
    expect(fresh.status).toBe(200);
    await advanceDays(29);
    expect((await get(String(fresh.json["@odata.deltaLink"]))).status).toBe(200);
    const stale = await get(deltaLink);
    expectSyncStateNotFound(stale);
    expect(stale.headers.get("location")).toBeNull();
    expect((await links()).deltaLink).toContain("$deltatoken=");
  });

  it("all at once, mid-round: next and delta links answer 410, links issued after work", async () => {
    const before = await links();
    sb.store.expireDeltaTokens();
    expectSyncStateNotFound(await get(before.nextLink));
    expectSyncStateNotFound(await get(before.deltaLink));
    const after = await links();
    expect((await get(after.nextLink, "odata.maxpagesize=1")).status).toBe(200);
    expect((await get(after.deltaLink)).status).toBe(200);
  });

  it("with a Location to restart the same query from, as Graph's synchronization reset does", async () => {
    const { deltaLink } = await links("?$select=subject&changeType=created");
    sb.store.expireDeltaTokens({ location: true });
    const gone = await get(deltaLink);
    expectSyncStateNotFound(gone);
    const location = gone.headers.get("location")!;
    expect(location).toBe(`${sb.url}${deltaPath()}?$select=subject&changeType=created&$deltatoken=`);
    const restart = await get(location);
    expect(restart.status).toBe(200);
    expect((restart.json.value as { subject: string }[]).map((m) => m.subject).sort()).toEqual(["e1", "e2", "e3"]);
    expect(Object.keys((restart.json.value as object[])[0]).sort()).toEqual([
      "@odata.etag",
      "@odata.type",
      "id",
      "subject",
    ]);
  });

  it("on demand from another process: POST /_sandbox/delta/expire", async () => {
    const { deltaLink } = await links();
    const res = await raw(sb, "POST", "/_sandbox/delta/expire", {
      headers: { "Content-Type": "application/json" },
      body: "{}",
    });
    expect(res.status).toBe(200);
    expectSyncStateNotFound(await get(deltaLink));
  });

  it("after the lifetime the sandbox was started with", async () => {
    const shortLived = await startSandbox({ deltaTokenLifetimeSeconds: 3600 });
    try {
      const shortToken = await appToken(shortLived);
      const first = await raw(shortLived, "GET", `/v1.0${megan}/mailFolders/inbox/messages/delta`, {
        token: shortToken,
      });
      const link = String(first.json["@odata.deltaLink"]);
      shortLived.clock.advance(3601 * 1000);
      expectSyncStateNotFound(await raw(shortLived, "GET", link, { token: await appToken(shortLived) }));
    } finally {
      await shortLived.stop();
    }
  });
});
