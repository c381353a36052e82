import { USERS } from "../../sandbox";
import { graphDateTime, type Preparer } from "./fixtures";

/** Creates, over HTTP, each kind of item an example may need; every function returns the new item's id. */

const ALEX = `/users/${USERS.alex.id}`;
const adeleRecipient = { emailAddress: { address: USERS.adele.upn, name: "Adele Vance" } };
const alexAttendee = { emailAddress: { address: USERS.alex.upn, name: "Alex Wilber" }, type: "required" };
const text = (content: string) => ({ contentType: "text", content });

/** A draft in Adele's Drafts folder, addressed to Alex. */
export function draftMessage(p: Preparer, subject = p.unique("Draft")): Promise<string> {
  return p.create("/me/messages", {
    subject,
    body: text("A draft to send."),
    toRecipients: [{ emailAddress: { address: USERS.alex.upn } }],
  });
}

/** A message Alex sends to Adele (Megan in copy), as it lands in Adele's Inbox. */
export async function receivedMessage(p: Preparer): Promise<string> {
  const subject = p.unique("Quarterly numbers");
  const message = {
    subject,
    body: text("The numbers are in."),
    toRecipients: [adeleRecipient],
    ccRecipients: [{ emailAddress: { address: USERS.megan.upn } }],
  };
  await p.send("POST", `${ALEX}/sendMail`, { message, saveToSentItems: false }, p.env.appToken);
  return p.findBySubject("/me/mailFolders/inbox/messages", subject);
}

export type AttachmentKind = "file" | "reference" | "message" | "event" | "contact";

function attachmentBody(kind: AttachmentKind): Record<string, unknown> {
  const item = (type: string, fields: Record<string, unknown>) => ({
    "@odata.type": "#microsoft.graph.itemAttachment",
    name: `Attached ${type}`,
    item: { "@odata.type": `#microsoft.graph.${type}`, ...fields },
  });
  if (kind === "file") {
    return {
      "@odata.type": "#microsoft.graph.fileAttachment",
      name: "menu.txt",
      contentType: "text/plain",
      contentBytes: Buffer.from("mac and cheese today").toString("base64"),
    };
  }
  // v1.0 declares no properties of its own on referenceAttachment (sourceUrl and the like are beta's).
  if (kind === "reference") return { "@odata.type": "#microsoft.graph.referenceAttachment", name: "Budget.xlsx" };
  if (kind === "message") return item("message", { subject: "Attached message", body: text("Inside.") });
  if (kind === "event") {
    const start = Date.now() + 48 * 3600 * 1000;
    return item("event", {
      subject: "Attached event",
      start: graphDateTime(start),
      end: graphDateTime(start + 1800000),
    });
  }
  return item("contact", { givenName: "Pavel", surname: "Bansky", displayName: "Pavel Bansky" });
}

/** Adds an attachment to a message or event (`/me/messages/{id}` or `/me/events/{id}`). */
export function addAttachment(p: Preparer, parent: string, kind: AttachmentKind): Promise<string> {
  return p.create(`${parent}/attachments`, attachmentBody(kind));
}

export function mailFolder(p: Preparer, parent?: string): Promise<string> {
  const path = parent ? `/me/mailFolders/${parent}/childFolders` : "/me/mailFolders";
  return p.create(path, { displayName: p.unique("Conformance folder") });
}

export function searchFolder(p: Preparer): Promise<string> {
  return p.create("/me/mailFolders/searchfolders/childFolders", {
    "@odata.type": "microsoft.graph.mailSearchFolder",
    displayName: p.unique("Weekly digests"),
    includeNestedFolders: true,
    sourceFolderIds: ["inbox"],
    filterQuery: "contains(subject, 'weekly digest')",
  });
}

/** Messages filed straight into a folder (as drafts there, the way Graph creates them). */
export async function messagesIn(p: Preparer, folder: string, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    await p.create(`/me/mailFolders/${folder}/messages`, { subject: p.unique("Filed message"), body: text("Filed.") });
  }
}

export interface EventOptions {
  start?: number;
  end?: number;
  recurrenceDays?: number;
  reminder?: boolean;
}

function eventBody(subject: string, o: EventOptions): Record<string, unknown> {
  const start = o.start ?? Date.now() + 24 * 3600 * 1000;
  const end = o.end ?? start + 30 * 60 * 1000;
  const day = graphDateTime(start).dateTime.slice(0, 10);
  return {
    subject,
    body: { contentType: "html", content: "<p>Let's meet.</p>" },
    start: graphDateTime(start),
    end: graphDateTime(end),
    location: { displayName: "Conf Room 1" },
    attendees: [alexAttendee],
    isReminderOn: o.reminder ?? true,
    reminderMinutesBeforeStart: 15,
    ...(o.recurrenceDays
      ? {
          recurrence: {
            pattern: { type: "daily", interval: 1 },
            range: { type: "numbered", startDate: day, numberOfOccurrences: o.recurrenceDays },
          },
        }
      : {}),
  };
}

/** A meeting Adele organizes with Alex. */
export function ownEvent(p: Preparer, o: EventOptions = {}): Promise<string> {
  return p.create("/me/events", eventBody(p.unique("Team sync"), o));
}

/** A meeting Alex organizes with Adele invited, as it appears on Adele's calendar. */
export async function invitation(p: Preparer): Promise<string> {
  const subject = p.unique("Planning review");
  const body = { ...eventBody(subject, {}), attendees: [{ ...adeleRecipient, type: "required" }] };
  await p.create(`${ALEX}/events`, body, p.env.appToken);
  return p.findBySubject("/me/events", subject);
}

export function calendar(p: Preparer): Promise<string> {
  return p.create("/me/calendars", { name: p.unique("Project calendar") });
}

export function contact(p: Preparer, folder?: string): Promise<string> {
  const path = folder ? `/me/contactFolders/${folder}/contacts` : "/me/contacts";
  return p.create(path, {
    givenName: "Pavel",
    surname: "Bansky",
    emailAddresses: [{ address: "pavelb@fabrikam.com", name: "Pavel Bansky" }],
    businessPhones: ["+1 732 555 0102"],
  });
}

export function contactFolder(p: Preparer, parent?: string): Promise<string> {
  const path = parent ? `/me/contactFolders/${parent}/childFolders` : "/me/contactFolders";
  return p.create(path, { displayName: p.unique("Conformance contacts") });
}

export function messageRule(p: Preparer): Promise<string> {
  return p.create("/me/mailFolders/inbox/messageRules", {
    displayName: p.unique("From partner"),
    sequence: 2,
    isEnabled: true,
    conditions: { senderContains: ["partner"] },
    actions: { markAsRead: true, stopProcessingRules: true },
  });
}

export function override(p: Preparer): Promise<string> {
  const n = p.env.next();
  return p.create("/me/inferenceClassification/overrides", {
    classifyAs: "focused",
    senderEmailAddress: { name: `Sender ${n}`, address: `sender${n}@fabrikam.com` },
  });
}

export function category(p: Preparer): Promise<string> {
  return p.create("/me/outlook/masterCategories", { displayName: p.unique("Project expenses"), color: "preset9" });
}

export function subscription(p: Preparer): Promise<string> {
  return p.create("/subscriptions", {
    changeType: "created",
    // Graph refuses a second subscription to the same resource, change type and URL.
    notificationUrl: `${p.env.notificationUrl}/${p.env.next()}`,
    resource: "me/mailFolders('Inbox')/messages",
    expirationDateTime: new Date(Date.now() + 3600 * 1000).toISOString(),
    clientState: "conformance-client-state",
  });
}

/** A room or room list of the tenant (Graph has no API to create them): its e-mail address. */
export async function place(p: Preparer, kind: "room" | "roomList"): Promise<string> {
  const answer = await p.send("GET", `/places/microsoft.graph.${kind.toLowerCase()}`);
  const first = (answer.json as { value?: { id: string; emailAddress?: string }[] }).value?.[0];
  if (!first) throw new Error(`the tenant has no ${kind}`);
  return first.emailAddress ?? first.id;
}
