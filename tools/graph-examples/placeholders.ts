/**
 * Turns the documented ids, addresses, host and expiry times of an example into placeholders a
 * runner fills with real values: `{graph}` for Graph's v1.0 root, `{message}`, `{mailFolder}`,
 * `{event}`, ... for the key that follows each collection in the path, `{address1}`, `{address2}`,
 * ... for e-mail addresses in the body, `{destinationFolder}` for folder ids in the body,
 * `{notificationUrl}` and `{expiry}` in subscriptions, `{dateTime}`, `{localDateTime}` and
 * `{timeZone}` where the reference writes "datetime-value"; blank ("") body properties are dropped.
 */

export const GRAPH_ROOT = "https://graph.microsoft.com/v1.0";

/** The placeholder for the key that follows each collection segment (lower-cased). */
const KEY_OF_COLLECTION: Record<string, string> = {
  users: "user",
  messages: "message",
  mailfolders: "mailFolder",
  attachments: "attachment",
  events: "event",
  calendars: "calendar",
  calendargroups: "calendarGroup",
  instances: "instance",
  contacts: "contact",
  contactfolders: "contactFolder",
  messagerules: "messageRule",
  overrides: "override",
  mastercategories: "category",
  subscriptions: "subscription",
  places: "place",
};

/** Operations bound to a collection, which follow it where a key would. */
const COLLECTION_OPERATIONS = new Set(["delta", "createuploadsession"]);

/** Outlook's well-known folder names, which the reference and clients use in place of ids. */
export const WELL_KNOWN_FOLDERS = new Set(
  [
    "archive",
    "clutter",
    "conflicts",
    "conversationhistory",
    "deleteditems",
    "drafts",
    "inbox",
    "junkemail",
    "localfailures",
    "msgfolderroot",
    "outbox",
    "recoverableitemsdeletions",
    "scheduled",
    "searchfolders",
    "sentitems",
    "serverfailures",
    "syncissues",
  ].map((n) => n.toLowerCase()),
);

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** A path segment after a collection is its key unless it is `$count`, a cast, an operation or a well-known folder. */
function isKey(segment: string, keyKind: string): boolean {
  const plain = safeDecode(segment).toLowerCase();
  if (!plain || plain.startsWith("$") || plain.startsWith("microsoft.graph.")) return false;
  if (COLLECTION_OPERATIONS.has(plain.replace(/\(.*$/, ""))) return false;
  return !(keyKind === "mailFolder" && WELL_KNOWN_FOLDERS.has(plain));
}

function keyKindAfter(collection: string, parentKind: string | undefined): string | undefined {
  const lower = collection.toLowerCase();
  if (lower === "childfolders") return parentKind === "contactFolder" ? "childContactFolder" : "childMailFolder";
  return KEY_OF_COLLECTION[lower];
}

/** Replaces the keys of a path (`messages/AAMk=`, `messages('AAMk=')`, `users/{id | upn}`) by placeholders. */
export function placeholderPath(path: string): string {
  const segments = path.split("/");
  let keyKind: string | undefined;
  let lastKind: string | undefined;
  return segments
    .map((segment) => {
      const keyed = /^([A-Za-z]+)\((.+)\)$/.exec(segment);
      if (keyed && keyKindAfter(keyed[1], lastKind)) {
        lastKind = keyKindAfter(keyed[1], lastKind)!;
        keyKind = undefined;
        return `${keyed[1]}('{${lastKind}}')`;
      }
      if (keyKind && isKey(segment, keyKind)) {
        const placeholder = `{${keyKind}}`;
        lastKind = keyKind;
        keyKind = undefined;
        return placeholder;
      }
      if (keyKind === "mailFolder" && WELL_KNOWN_FOLDERS.has(segment.toLowerCase())) lastKind = "mailFolder";
      keyKind = keyKindAfter(segment, lastKind);
      return segment;
    })
    .join("/");
}

/** `{graph}` for the host, placeholders for the keys, and the reference's own date placeholders named. */
export function placeholderUrl(url: string): string {
  const withoutHost = url.trim().slice(GRAPH_ROOT.length);
  const q = withoutHost.indexOf("?");
  const path = q < 0 ? withoutHost : withoutHost.slice(0, q);
  const query = q < 0 ? "" : withoutHost.slice(q);
  const namedQuery = query
    .replace(/\{start_?date_?time\}/gi, "{start}")
    .replace(/\{end_?date_?time\}/gi, "{end}")
    .replace(/\$(skiptoken|deltatoken)=[^&]*/gi, (_, token: string) => `$${token}={${token.toLowerCase()}}`);
  return `{graph}${placeholderPath(path)}${namedQuery}`;
}

const EMAIL = /[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+/g;
const FOLDER_ID_PROPERTIES = new Set(["destinationid", "movetofolder", "copytofolder"]);
/** Properties whose documented values are message ids to translate. */
const MESSAGE_ID_PROPERTIES = new Set(["inputids"]);
const URL_PROPERTIES: Record<string, string> = {
  notificationurl: "{notificationUrl}",
  lifecyclenotificationurl: "{lifecycleNotificationUrl}",
};

interface BodyContext {
  addresses: Map<string, string>;
  subscription: boolean;
}

/**
 * Placeholder values the reference writes where a real one belongs ("datetime-value"): those a
 * server would refuse become runner placeholders; other `-value` strings are valid strings and stay.
 */
function documentedPlaceholder(value: string, property: string): string | undefined {
  if (/^date-?time-value$/i.test(value)) return property === "dateTime" ? "{localDateTime}" : "{dateTime}";
  if (/^time-?zone-value$/i.test(value)) return "{timeZone}";
  return undefined;
}

function placeholderString(value: string, property: string, ctx: BodyContext): string {
  const prop = property.toLowerCase();
  const documented = documentedPlaceholder(value, property);
  if (documented) return documented;
  if (value === "address-value") return addressPlaceholder(value, ctx);
  if (URL_PROPERTIES[prop] && /^https?:/i.test(value)) return URL_PROPERTIES[prop];
  if (prop === "expirationdatetime" && ctx.subscription) return "{expiry}";
  if (MESSAGE_ID_PROPERTIES.has(prop)) return "{message}";
  if (FOLDER_ID_PROPERTIES.has(prop) && !WELL_KNOWN_FOLDERS.has(value.toLowerCase())) return "{destinationFolder}";
  return value.replace(EMAIL, (address) => addressPlaceholder(address, ctx));
}

function addressPlaceholder(address: string, ctx: BodyContext): string {
  const key = address.toLowerCase();
  if (!ctx.addresses.has(key)) ctx.addresses.set(key, `{address${ctx.addresses.size + 1}}`);
  return ctx.addresses.get(key)!;
}

function walk(value: unknown, property: string, ctx: BodyContext): unknown {
  if (typeof value === "string") return placeholderString(value, property, ctx);
  if (Array.isArray(value)) return value.map((v) => walk(v, property, ctx));
  if (value && typeof value === "object") {
    // A property the reference leaves blank ("contentType": "") stands for a value it does not give.
    const given = Object.entries(value).filter(([, v]) => v !== "");
    return Object.fromEntries(given.map(([k, v]) => [k, walk(v, k, ctx)]));
  }
  return value;
}

/** The body with addresses, folder ids, notification URLs and subscription expiry times as placeholders. */
export function placeholderBody(body: unknown, url: string): unknown {
  return walk(body, "", { addresses: new Map(), subscription: /\/subscriptions/i.test(url) });
}
