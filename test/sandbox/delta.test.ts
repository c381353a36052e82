import type { Client } from "@microsoft/microsoft-graph-client";
import { USERS, type Sandbox } from "../../sandbox";
import { appToken, graphClient, startSandbox, graphError } from "./support";

/** Incremental sync of a folder's messages (mailFolders/{id}/messages/delta). */

let sb: Sandbox;
let client: Client;
beforeAll(async () => {
  sb = await startSandbox();
  client = graphClient(sb, await appToken(sb));
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
