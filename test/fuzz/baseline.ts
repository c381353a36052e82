import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  CERT_DIR,
  CONSUMER_REFRESH_TOKEN,
  DEFAULT_APP_ID,
  DEFAULT_APP_SECRET,
  DEFAULT_TENANT_ID,
  PERSONAL_APP_ID,
  USERS,
} from "../../sandbox";
import { Fixtures, unique, type StoredEvent } from "./fixtures";
import { hasDefault, type InputDef } from "./roles";
import type { Target } from "./targets";
import { createConnection, DELEGATED_SCOPES, type ConnectionValue, type World } from "./world";

/**
 * Valid params for every target, derived from each input's definition: a resolver for the input's
 * key when it must name a live object (a fresh fixture in the sandbox's store) or needs a value the
 * definition cannot give; otherwise its default, example, first choice or type. A required input
 * with none of these fails with "no baseline for <target>.<input>", so nothing new goes unfuzzed.
 */

export class NoBaselineError extends Error {}

/** The fixtures one case uses, made once per case: an attachment belongs to the case's message. */
export class CaseFixtures {
  private readonly memo = new Map<string, unknown>();

  constructor(
    readonly fixtures: Fixtures,
    readonly target: Target,
    /** The input the case puts a hostile value in: some baselines adapt to reach the code that reads it. */
    readonly fuzzed: string,
  ) {}

  /** A fixture already made for this case, if any. */
  peek<T>(key: string): T | undefined {
    return this.memo.get(key) as T | undefined;
  }

  private once<T>(key: string, make: () => T): T {
    if (!this.memo.has(key)) this.memo.set(key, make());
    return this.memo.get(key) as T;
  }

  /** A draft for actions about drafts (send, update, attach to), else a received message. */
  message() {
    const aboutDrafts = /draft/i.test(`${this.target.label} ${this.target.description}`);
    const kind = aboutDrafts && !/^Create /.test(this.target.label) ? "draft" : "received";
    return this.once("message", () => this.fixtures.message(kind));
  }

  /** An attachment of the case's event for actions on events' attachments, else of its message. */
  attachment(): string {
    const onEvent = this.target.inputs.some((i) => i.key === "eventId");
    return this.once("attachment", () => this.fixtures.attachment(onEvent ? this.event() : this.message()));
  }

  /** A folder holding one message per query subject (so filters and searches have something to find). */
  queryFolder() {
    return this.once("queryFolder", () => this.fixtures.folder(true));
  }

  event(): StoredEvent {
    const invited = /respond|accept|decline/i.test(this.target.label);
    return this.once("event", () => this.fixtures.event(invited ? "invited" : "organized"));
  }
}

type Resolver = (c: CaseFixtures, world: World) => unknown;

/** Inputs that name a live object: each gets a fresh fixture and the "id" role (folders take well-known names too). */
export const FIXTURE_IDS: Record<string, { role: "id" | "folderId"; resolve: Resolver }> = {
  messageId: { role: "id", resolve: (c) => c.message().id },
  attachmentId: { role: "id", resolve: (c) => c.attachment() },
  folderId: { role: "folderId", resolve: (c) => c.queryFolder().id },
  parentFolderId: { role: "folderId", resolve: (c) => c.fixtures.folder(false).id },
  destinationFolderId: { role: "folderId", resolve: (c) => c.fixtures.folder(false).id },
  eventId: { role: "id", resolve: (c) => c.event().id },
  calendarId: { role: "id", resolve: (c) => c.fixtures.calendar().id },
  subscriptionId: { role: "id", resolve: (c) => c.fixtures.subscription() },
  overrideId: { role: "id", resolve: (c) => c.fixtures.override() },
  ruleId: { role: "id", resolve: (c) => c.fixtures.rule() },
  contactId: { role: "id", resolve: (c) => c.fixtures.contact() },
  contactFolderId: { role: "id", resolve: (c) => c.fixtures.contactFolder() },
  parentContactFolderId: { role: "id", resolve: (c) => c.fixtures.contactFolder() },
  categoryId: { role: "id", resolve: (c) => c.fixtures.category() },
  // An Inbox rule's folder actions: the rule is written only once the folder is found. Left empty when Remove is
  // fuzzed, so that taking every action off is not also setting two of them.
  moveToFolder: { role: "folderId", resolve: (c) => (c.fuzzed === "remove" ? "" : c.fixtures.folder(false).id) },
  copyToFolder: { role: "folderId", resolve: (c) => (c.fuzzed === "remove" ? "" : c.fixtures.folder(false).id) },
  roomListId: { role: "id", resolve: () => "building1@contoso.onmicrosoft.com" },
};

const certificatePem = () =>
  readFileSync(join(CERT_DIR, "app-cert.pem"), "utf8") + readFileSync(join(CERT_DIR, "app-key.pem"), "utf8");

/** The recurrence pattern that reads each Repeat input, so a hostile value there is not ignored. */
const PATTERN_READING: Record<string, string> = {
  recurrenceDayOfMonth: "absoluteMonthly",
  recurrenceMonth: "absoluteYearly",
  recurrenceIndex: "relativeMonthly",
  recurrenceDaysOfWeek: "weekly",
  recurrenceInterval: "daily",
  recurrenceEndDate: "daily",
  recurrenceCount: "daily",
};

/** Inputs read only for rich notifications: fuzzing one turns them on, with a certificate. */
const RICH_INPUTS = ["includeResourceData", "notificationCertificate", "notificationCertificateId"];

const VALUES: Record<string, Resolver> = {
  mailbox: () => "",
  to: () => USERS.alex.upn,
  recipients: () => USERS.alex.upn,
  schedules: () => [USERS.alex.upn],
  sender: () => USERS.megan.upn,
  subject: () => "Fuzz subject",
  body: (c) => (c.fuzzed === "comment" ? "" : "Fuzz body"),
  displayName: () => unique("Fuzz folder"),
  name: () => unique("Fuzz calendar"),
  isRead: () => "true",
  nameOrEmail: () => "Fuzz",
  // Midnight to midnight: valid for all-day events too, and end stays after start in any two zones.
  startAt: () => "2026-11-23T00:00:00",
  endAt: () => "2026-11-24T00:00:00",
  scheduledStart: () => "2026-12-20T17:00:00",
  newReminderTime: () => "2026-11-23T08:50:00",
  // Find Meeting Times: a working morning in which any slot qualifies, so its answer names every attendee and room.
  windowStart: () => "2026-12-01T09:00:00",
  windowEnd: () => "2026-12-01T12:00:00",
  minimumAttendeePercentage: () => "0",
  organizerOptional: () => "true",
  scheduledEnd: () => "2026-12-27T09:00:00",
  status: () => "scheduled",
  recurrenceType: (c) => PATTERN_READING[c.fuzzed] ?? "none",
  recurrenceDaysOfWeek: (c) => (c.fuzzed === "recurrenceIndex" ? ["monday"] : ""),
  notificationUrl: (_c, w) => `${w.hookUrl}/${unique("subscription").replace(" ", "-")}`,
  url: (c) => `/users/${USERS.adele.upn}/mailFolders/${c.queryFolder().id}/messages`,
  includeResourceData: (c) => String(RICH_INPUTS.includes(c.fuzzed)),
  notificationCertificate: (c) => (RICH_INPUTS.includes(c.fuzzed) ? certificatePem() : ""),
};

function fromDefinition(target: Target, input: InputDef): unknown {
  if (hasDefault(input)) return String(input.default);
  if (input.example !== undefined && input.example !== "") return String(input.example);
  if (input.type === "boolean") return "false";
  const choice = input.model?.find((m) => m.value)?.value;
  if (input.required && choice) return input.collection === "valuelist" ? [choice] : choice;
  if (input.required && input.type === "data") return Buffer.from("fuzz file");
  if (input.required) throw new NoBaselineError(`no baseline for ${target.key}.${input.key}`);
  return "";
}

/** The baseline value of one input of an action or trigger (the connection is given separately). */
export function baselineValue(c: CaseFixtures, world: World, input: InputDef): unknown {
  const resolve = FIXTURE_IDS[input.key]?.resolve ?? VALUES[input.key];
  return resolve ? resolve(c, world) : fromDefinition(c.target, input);
}

/** Baseline params of an action or trigger, every input but the connection. */
export function baselineParams(c: CaseFixtures, world: World, skip?: string): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const input of c.target.inputs) {
    if (input.type === "connection" || input.key === skip) continue;
    params[input.key] = baselineValue(c, world, input);
  }
  return params;
}

/** What the probe action needs of a personal account (it reads mailbox settings). */
const PERSONAL_SCOPES = "Mail.Send Mail.ReadWrite MailboxSettings.ReadWrite User.Read offline_access";

const tokenUrl = (w: World) => `${w.sb.url}/${DEFAULT_TENANT_ID}/oauth2/v2.0/token`;

/** Connection fields as the sandbox's seeded app needs them. */
const FIELDS: Record<string, (w: World, target: Target) => unknown> = {
  cloud: () => "global",
  baseUrl: (w) => w.sb.url,
  entraEndpoint: (w) => w.sb.url,
  tenant: () => DEFAULT_TENANT_ID,
  clientId: (_w, t) => (t.key === "personal" ? PERSONAL_APP_ID : DEFAULT_APP_ID),
  refreshToken: () => CONSUMER_REFRESH_TOKEN,
  // A personal-mode Apprise URL for the seeded personal account (the refresh token encoded, as it may hold "/").
  url: () => `o365://sam.rivera@outlook.com/${PERSONAL_APP_ID}/${encodeURIComponent(CONSUMER_REFRESH_TOKEN)}/`,
  clientSecret: () => DEFAULT_APP_SECRET,
  certificate: () => certificatePem(),
  certificatePassword: () => "",
  thumbprint: () => "",
  userId: () => USERS.adele.upn,
  authorizeUrl: (w) => `${w.sb.url}/${DEFAULT_TENANT_ID}/oauth2/v2.0/authorize`,
  tokenUrl: (w) => tokenUrl(w),
  scopes: (_w, t) =>
    t.oauth2Type === "authorization_code"
      ? DELEGATED_SCOPES
      : t.key === "personal" || t.key === "appriseUrl"
        ? PERSONAL_SCOPES
        : String(t.inputs.find((i) => i.key === "scopes")?.default ?? ""),
};

/** A connection's baseline fields; template fields are filled from the others, as the platform does. */
export function baselineFields(world: World, target: Target): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const input of target.inputs.filter((i) => !i.templateValue)) {
    const resolve = FIELDS[input.key];
    if (resolve) fields[input.key] = resolve(world, target);
    else if (hasDefault(input)) fields[input.key] = String(input.default);
    else if (input.required) throw new NoBaselineError(`no baseline for connection ${target.key}.${input.key}`);
  }
  for (const input of target.inputs.filter((i) => i.templateValue))
    fields[input.key] = String(input.templateValue).replace(/\{\{#(\w+)\}\}/g, (_m, k: string) => String(fields[k]));
  return fields;
}

/** A connection value from fields; the signed-in user's token goes with an authorization-code connection. */
export function connectionValue(world: World, target: Target, fields: Record<string, unknown>): ConnectionValue {
  const token = target.oauth2Type === "authorization_code" ? { ...world.delegatedToken } : undefined;
  return createConnection({ key: target.key } as never, fields, token);
}
