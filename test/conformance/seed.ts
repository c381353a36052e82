import type { Preparer } from "./fixtures";
import * as make from "./resources";

/**
 * Puts at least one item into the collection an example lists (events in a calendar view's
 * window, a contact in /me/contacts, ...), so the first documented item has a counterpart.
 * Lists whose items come from the seed itself (users, folders, calendars) need nothing.
 */

type Seeder = (p: Preparer) => Promise<unknown>;

/** Three events in the window: enough for a delta page of two to end in a nextLink. */
async function eventsInWindow(p: Preparer): Promise<void> {
  const slot = p.slot();
  for (let i = 0; i < 3; i++) await make.ownEvent(p, { start: slot.start + i * 3600000, end: slot.end + i * 3600000 });
}

const SEEDERS: [RegExp, Seeder][] = [
  [/^\/me\/(calendar\/)?events$/i, (p) => make.ownEvent(p)],
  [/^\/me\/messages$/i, (p) => make.receivedMessage(p)],
  [/^\/me\/contacts$/i, (p) => make.contact(p)],
  [/^\/me\/contactFolders(\/delta)?$/i, (p) => make.contactFolder(p)],
  [/^\/me\/inferenceClassification\/overrides$/i, (p) => make.override(p)],
  [/^\/me\/mailFolders\/inbox\/messageRules$/i, (p) => make.messageRule(p)],
  [/^\/me\/outlook\/masterCategories$/i, (p) => make.category(p)],
  [/^\/subscriptions$/i, (p) => make.subscription(p)],
  [/\/calendarView(\/delta)?$/i, eventsInWindow],
  [/\/reminderView\(/i, (p) => make.ownEvent(p, { ...p.slot(), reminder: true })],
];

export async function seedCollection(p: Preparer): Promise<void> {
  if (p.example.method !== "GET") return;
  const path = p.example.url.replace(/^\{graph\}/, "").replace(/\?.*$/, "");
  const seeder = SEEDERS.find(([pattern]) => pattern.test(path))?.[1];
  if (seeder) await seeder(p);
}

async function firstId(p: Preparer, path: string): Promise<string | undefined> {
  const answer = await p.send("GET", path);
  return (answer.json as { value?: { id: string }[] }).value?.[0]?.id;
}

/** One item of the round, deleted (a message lands in Deleted Items; the round sees it removed). */
async function removeOne(p: Preparer, mailFolder: string | undefined): Promise<void> {
  if (mailFolder) {
    const id = await firstId(p, `/me/mailFolders/${mailFolder}/messages?$top=1&$select=id`);
    if (id) await p.send("DELETE", `/me/messages/${id}`);
    return;
  }
  const { start, end } = p.window();
  const window = `startDateTime=${new Date(start).toISOString()}&endDateTime=${new Date(end).toISOString()}`;
  const id = await firstId(p, `/me/calendarView?${window}&$top=1&$select=id`);
  if (id) await p.send("DELETE", `/me/events/${id}`);
}

/**
 * After a delta round ends, one change for the next round (a `$deltatoken` request) to report:
 * a removal when the reference shows the next round reporting one, else a new item.
 */
export async function changeSinceRound(p: Preparer, mailFolder: string | undefined, removal: boolean): Promise<void> {
  if (removal) return removeOne(p, mailFolder);
  if (mailFolder) await make.messagesIn(p, mailFolder, 1);
  else if (/\/calendarView\/delta/i.test(p.example.url)) await make.ownEvent(p, p.slot());
}
