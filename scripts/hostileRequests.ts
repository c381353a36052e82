import { seededRandom } from "./seededRandom";

/**
 * Hostile requests for the Graph sandbox, generated from a seed: malformed request targets and
 * methods, lying or oversized headers, broken chunking, bodies that are not JSON, nest deeply, run
 * to 10 MB or carry the wrong types, OData options that make no sense, control-endpoint values and
 * identity-platform forms no client would send. Each is the exact bytes to write on a socket, with
 * placeholders the runner fills in: {{HOST}}, {{TOKEN}} (a valid app token), {{USER}}, {{TENANT}}.
 */

export interface HostileRequest {
  category: string;
  name: string;
  /** The request as latin1 text (CR, LF and any byte allowed). */
  raw: string;
  /** A large body appended as is (kept out of `raw` so 10 MB bodies are not built until sent). */
  bigBody?: { fill: string; bytes: number };
}

type Random = () => number;

const pick = <T>(r: Random, list: readonly T[]): T => list[Math.floor(r() * list.length)];

function garbage(r: Random, length: number, from = 0x21, to = 0x7e): string {
  let s = "";
  for (let i = 0; i < length; i++) s += String.fromCharCode(from + Math.floor(r() * (to - from + 1)));
  return s;
}

const CRLF = "\r\n";
const MAILBOX = "/v1.0/users/{{USER}}";
const TOKEN_PATH = "/{{TENANT}}/oauth2/v2.0/token";

/** A request with the usual headers (Host, token, Connection: close) and these extras. */
function request(method: string, target: string, o: { headers?: string[]; body?: string; auth?: boolean } = {}) {
  const lines = [`${method} ${target} HTTP/1.1`, "Host: {{HOST}}"];
  if (o.auth !== false) lines.push("Authorization: Bearer {{TOKEN}}");
  lines.push(...(o.headers ?? []), "Connection: close");
  if (o.body !== undefined) {
    if (!o.headers?.some((h) => /^(content-length|transfer-encoding):/i.test(h)))
      lines.push(`Content-Length: ${Buffer.byteLength(o.body, "latin1")}`);
    return lines.join(CRLF) + CRLF + CRLF + o.body;
  }
  return lines.join(CRLF) + CRLF + CRLF;
}

const json = (method: string, target: string, body: string, extra: string[] = []) =>
  request(method, target, { headers: ["Content-Type: application/json", ...extra], body });

const TARGETS = [
  "//[/",
  "http://%zz/",
  "http://a:99999/",
  "*",
  "%",
  "/%",
  "/%%%zz",
  "/v1.0/%E0%A4%A",
  `${MAILBOX}/%00/messages`,
  "http://[::1/v1.0/me",
  `https://graph.microsoft.com${MAILBOX}/messages`,
  "/v1.0/users('{{USER}}')/mailFolders('inbox')/messages?$top=2",
  "/v1.0/users('a'')/messages",
  `${MAILBOX}/messages/(((((`,
  "/../../../etc/passwd",
  "/_sandbox/../v1.0/me",
  `${MAILBOX}/messages?$top=1&$top=2`,
  "/v1.0/$batch",
  "/beta/me",
  "/v1.0",
  "/",
  `${MAILBOX}/mailFolders/inbox/messages/delta?$deltatoken=%FF%FE`,
  "/upload/users('x')/messages('y')/attachmentSessions('z')?authtoken=",
];

function targets(r: Random): HostileRequest {
  const choice = Math.floor(r() * (TARGETS.length + 4));
  let target: string;
  if (choice < TARGETS.length) target = TARGETS[choice];
  else if (choice === TARGETS.length) target = `${MAILBOX}/` + "a/".repeat(1000 + Math.floor(r() * 3000));
  else if (choice === TARGETS.length + 1) target = "/" + garbage(r, 1 + Math.floor(r() * 200));
  else if (choice === TARGETS.length + 2) target = "/" + garbage(r, 1 + Math.floor(r() * 50), 0x80, 0xff);
  else target = `${MAILBOX}/me ssages\tx`;
  return { category: "target", name: target.slice(0, 40), raw: request("GET", target) };
}

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE", "FOO", "get", "M-SEARCH"];
const METHOD_PATHS = [
  `${MAILBOX}/messages`,
  `${MAILBOX}/mailFolders`,
  `${MAILBOX}/sendMail`,
  "/v1.0/subscriptions",
  TOKEN_PATH,
  "/_sandbox/clock/advance",
  "/_sandbox/health",
];

function methods(r: Random): HostileRequest {
  const method = r() < 0.1 ? garbage(r, 1 + Math.floor(r() * 100), 0x41, 0x5a) : pick(r, METHODS);
  const path = pick(r, METHOD_PATHS);
  const body = r() < 0.5 ? "{}" : undefined;
  return { category: "method", name: `${method.slice(0, 12)} ${path}`, raw: request(method, path, { body }) };
}

function chunked(r: Random): string {
  const lies = [
    "zz\r\n{}\r\n0\r\n\r\n",
    "ffffffffffffffff\r\n{}\r\n0\r\n\r\n",
    "10\r\n{}\r\n0\r\n\r\n",
    "2;ext=\u0001\r\n{}\r\n0\r\n\r\n",
    "2\r\n{}\r\n0\r\n",
    "2\r\n{}",
    "-2\r\n{}\r\n0\r\n\r\n",
  ];
  return pick(r, lies);
}

const AUTHORIZATIONS = [
  "Bearer",
  "Bearer a.b.c",
  `Bearer ${"A".repeat(5000)}`,
  "Basic !!!",
  `Basic ${Buffer.from("%zz:%zz").toString("base64")}`,
  "Negotiate x",
];
const PREFERENCES = [
  "odata.maxpagesize=-1",
  "odata.maxpagesize=1e400",
  'outlook.timezone="Nowhere/Zone"',
  'outlook.body-content-type="weird"',
  ";;;",
];
const CONTENT_TYPES = [
  "application/json; charset=ebcdic",
  "multipart/form-data; boundary=",
  "text/plain",
  "application/jsonx",
];

function headers(r: Random): HostileRequest {
  const path = pick(r, [`${MAILBOX}/messages`, `${MAILBOX}/mailFolders`, TOKEN_PATH, "/_sandbox/clock/advance"]);
  const cases: [string, () => string][] = [
    [
      "huge header",
      () => request("GET", path, { headers: [`X-Big: ${"a".repeat(20_000 + Math.floor(r() * 80_000))}`] }),
    ],
    ["many duplicates", () => request("GET", path, { headers: Array(300).fill("X-Dup: a") })],
    ["CR in a value", () => request("GET", path, { headers: ["X-A: b\rc"] })],
    ["LF in a value", () => request("GET", path, { headers: ["X-A: b\nX-B: c"] })],
    ["NUL in a value", () => request("GET", path, { headers: ["X-A: b\u0000c"] })],
    ["no colon", () => request("GET", path, { headers: ["NoColonHere"] })],
    [
      "bad Content-Length",
      () =>
        request("POST", path, {
          headers: [`Content-Length: ${pick(r, ["abc", "-1", "1e3", "9".repeat(30)])}`],
          body: "{}",
        }),
    ],
    [
      "two Content-Lengths",
      () => request("POST", path, { headers: ["Content-Length: 2", "Content-Length: 5"], body: "{}" }),
    ],
    [
      "Content-Length and chunked",
      () => request("POST", path, { headers: ["Content-Length: 2", "Transfer-Encoding: chunked"], body: chunked(r) }),
    ],
    [
      "chunked lies",
      () =>
        request("POST", path, {
          headers: ["Content-Type: application/json", "Transfer-Encoding: chunked"],
          body: chunked(r),
        }),
    ],
    [
      "short body",
      () => request("POST", path, { headers: ["Content-Type: application/json", "Content-Length: 50"], body: "{}" }),
    ],
    [
      "odd Host",
      () =>
        request("GET", path).replace(
          "Host: {{HOST}}",
          `Host: ${pick(r, ["evil.example", "graph.microsoft.com:1", "[::1", "a b", "x".repeat(300), ""])}`,
        ),
    ],
    ["no Host", () => request("GET", path).replace("Host: {{HOST}}\r\n", "")],
    [
      "odd Authorization",
      () =>
        request("GET", path, {
          auth: false,
          headers: [`Authorization: ${pick(r, AUTHORIZATIONS)}`],
        }),
    ],
    [
      "odd client-request-id",
      () =>
        request("GET", path, {
          headers: [`client-request-id: ${pick(r, ["a b", "x".repeat(1000), "\u00ff\u00fe", ""])}`],
        }),
    ],
    [
      "odd Prefer",
      () =>
        request("GET", `${MAILBOX}/mailFolders/inbox/messages/delta`, {
          headers: [`Prefer: ${pick(r, PREFERENCES)}`],
        }),
    ],
    [
      "odd Content-Type",
      () =>
        request("POST", `${MAILBOX}/messages`, {
          headers: [`Content-Type: ${pick(r, CONTENT_TYPES)}`],
          body: '{"subject":"x"}',
        }),
    ],
    [
      "Expect 100-continue",
      () =>
        request("POST", `${MAILBOX}/messages`, {
          headers: ["Content-Type: application/json", "Expect: 100-continue"],
          body: '{"subject":"x"}',
        }),
    ],
  ];
  const [name, make] = pick(r, cases);
  return { category: "header", name, raw: make() };
}

/** Objects nested `depth` levels through properties Graph does declare (attachments of attached messages). */
function nestedAttachments(depth: number): string {
  let inner = '{"subject":"deep"}';
  for (let i = 0; i < depth; i++)
    inner =
      '{"@odata.type":"#microsoft.graph.message","attachments":' +
      `[{"@odata.type":"#microsoft.graph.itemAttachment","name":"a","item":${inner}}]}`;
  return inner;
}

const BODY_TARGETS = [
  `${MAILBOX}/messages`,
  `${MAILBOX}/sendMail`,
  `${MAILBOX}/mailFolders`,
  `${MAILBOX}/events`,
  `${MAILBOX}/calendar/getSchedule`,
  "/v1.0/subscriptions",
];

function bodies(r: Random): HostileRequest {
  const path = pick(r, BODY_TARGETS);
  const cases: [string, () => string][] = [
    ["not JSON", () => pick(r, ["{", "nul", "\u00ff\u00fe", '{"a":}', garbage(r, 100)])],
    ["deep arrays", () => "[".repeat(100_000) + "]".repeat(100_000)],
    ["deep objects", () => '{"a":'.repeat(50_000) + "1" + "}".repeat(50_000)],
    ["deep attachments", () => nestedAttachments(100 + Math.floor(r() * 400))],
    [
      "wrong types",
      () =>
        pick(r, [
          '{"subject":5}',
          '{"toRecipients":"x"}',
          '{"body":[]}',
          '{"importance":{}}',
          '{"isRead":"true"}',
          '{"start":{"dateTime":5}}',
          "5",
          "[]",
          "null",
          '"text"',
        ]),
    ],
    ["lone surrogate", () => '{"subject":"\\ud800"}'],
    ["long string", () => `{"subject":"${"x".repeat(1_000_000)}"}`],
    [
      "many recipients",
      () =>
        JSON.stringify({
          message: {
            subject: "m",
            toRecipients: Array.from({ length: 500 }, (_, i) => ({ emailAddress: { address: `x${i}@example.com` } })),
          },
        }),
    ],
    [
      "subscription",
      () =>
        JSON.stringify({
          changeType: pick(r, ["created", "x", ""]),
          notificationUrl: pick(r, ["https://127.0.0.1:1/hook", "http://x", "not a url"]),
          resource: pick(r, ["me/messages", "users/{{USER}}/messages", "/", "x".repeat(500)]),
          expirationDateTime: pick(r, ["yesterday", "9999-12-31T00:00:00Z", "2020-01-01T00:00:00Z"]),
          includeResourceData: r() < 0.3,
          encryptionCertificate: "!!!",
          encryptionCertificateId: "1",
        }),
    ],
    [
      "schedule",
      () =>
        JSON.stringify({
          schedules: pick(r, [[], ["{{USER}}"], Array(200).fill("a@b.c")]),
          startTime: { dateTime: pick(r, ["x", "2026-01-01T00:00:00"]), timeZone: pick(r, ["UTC", "Nowhere"]) },
          endTime: { dateTime: "2026-01-02T00:00:00", timeZone: "UTC" },
          availabilityViewInterval: pick(r, [0, 5, 1e9, "x"]),
        }),
    ],
  ];
  const [name, make] = pick(r, cases);
  return { category: "body", name: `${name} ${path}`, raw: json(pick(r, ["POST", "PATCH"]), path, make()) };
}

function bigBody(): HostileRequest {
  const bytes = 10 * 1024 * 1024;
  const head = [`POST ${MAILBOX}/messages HTTP/1.1`, "Host: {{HOST}}", "Authorization: Bearer {{TOKEN}}"];
  head.push("Content-Type: application/json", `Content-Length: ${bytes}`, "Connection: close");
  return {
    category: "body",
    name: "10 MB body",
    raw: head.join(CRLF) + CRLF + CRLF,
    bigBody: { fill: "x", bytes },
  };
}

function deepFilter(r: Random): string {
  const n = pick(r, [150, 1000, 5000]);
  const kind = Math.floor(r() * 4);
  if (kind === 0) return "(".repeat(n) + "isRead eq true" + ")".repeat(n);
  if (kind === 1) return "not ".repeat(n) + "isRead";
  if (kind === 2) return "contains(".repeat(Math.min(n, 1500)) + "subject" + ",'a')".repeat(Math.min(n, 1500));
  return Array(Math.min(n, 1200)).fill("isRead eq true").join(" and ");
}

const ODATA_VALUES: [string, (r: Random) => string][] = [
  ["$top", (r) => pick(r, ["-1", "0", "1001", "1e10", "abc", "", "%00", "9".repeat(40)])],
  ["$skip", (r) => pick(r, ["-5", "9999999999999999999", "x"])],
  [
    "$filter",
    (r) =>
      r() < 0.5
        ? deepFilter(r)
        : pick(r, [
            "subject eq",
            "subject eq 'x",
            "(((",
            "))",
            "a/b/c eq 1",
            "isRead eq true and",
            "from/emailAddress/address eq 5",
            "toRecipients/any(r:r/emailAddress/address eq 'a')",
            "categories/any(c:c eq 'x') or not isRead",
            "\u00e9\u00e8 eq 1",
          ]),
  ],
  [
    "$select",
    (r) => pick(r, ["nope", ",".repeat(5000), "*", "subject,,", "subject,body,from,toRecipients,@odata.etag"]),
  ],
  ["$orderby", (r) => pick(r, ["subject desc desc", "a/b/c/d", "", "receivedDateTime desc,subject", "x".repeat(3000)])],
  ["$search", (r) => pick(r, ['"', '"unterminated', "from:", "x".repeat(5000), '"a" OR "b"'])],
  [
    "$skiptoken",
    (r) => pick(r, ["garbage", Buffer.from("-1").toString("base64url"), Buffer.from("1e400").toString("base64url")]),
  ],
  [
    "$deltatoken",
    (r) =>
      pick(r, [
        "garbage",
        Buffer.from('{"u":1,"f":2,"s":0,"t":0,"c":0}').toString("base64url"),
        Buffer.from('{"sel":5}').toString("base64url"),
      ]),
  ],
  ["$count", (r) => pick(r, ["maybe", "true"])],
  ["$expand", () => "attachments"],
  ["$format", () => "xml"],
];

function odata(r: Random): HostileRequest {
  const [option, value] = pick(r, ODATA_VALUES);
  const base =
    option === "$deltatoken"
      ? `${MAILBOX}/mailFolders/inbox/messages/delta`
      : pick(r, [
          `${MAILBOX}/messages`,
          `${MAILBOX}/mailFolders/inbox/messages`,
          "/v1.0/users",
          `${MAILBOX}/calendars`,
          `${MAILBOX}/events`,
        ]);
  const v = value(r);
  return {
    category: "odata",
    name: `${option}=${v.slice(0, 30)}`,
    raw: request("GET", `${base}?${option}=${encodeURIComponent(v)}`),
  };
}

function control(r: Random): HostileRequest {
  const cases: [string, string, string | undefined][] = [
    [
      "POST",
      "/_sandbox/clock/advance",
      pick(r, [
        '{"seconds":"x"}',
        '{"seconds":1e300}',
        '{"seconds":-1e300}',
        '{"seconds":null}',
        "[]",
        "{",
        '{"seconds":1e-300}',
        '{"seconds":60}',
        '{"seconds":3000000000}',
        "NaN",
      ]),
    ],
    [
      "POST",
      "/_sandbox/subscriptions/x/lifecycle",
      pick(r, ['{"event":"x"}', '{"lose":-1}', '{"lose":1e12}', "[]", "{", '{"event":"missed"}']),
    ],
    ["POST", "/_sandbox/delta/expire", pick(r, ['{"location":"yes"}', "{}", "[1]", '{"location":true}'])],
    ["GET", "/_sandbox/outbound", undefined],
    ["GET", `/_sandbox/${garbage(r, 10, 0x61, 0x7a)}`, undefined],
    ["DELETE", "/_sandbox/health", undefined],
  ];
  const [method, path, body] = pick(r, cases);
  return {
    category: "control",
    name: `${method} ${path} ${body ?? ""}`.slice(0, 60),
    raw: body === undefined ? request(method, path) : json(method, path, body),
  };
}

const b64url = (s: string) => Buffer.from(s).toString("base64url");

function identityForm(r: Random): string {
  const assertion = [
    "not-a-jwt",
    `${b64url('{"alg":"RS256","x5t":5}')}.${b64url('{"exp":1}')}.sig`,
    `${b64url('{"alg":"none"}')}.${b64url('{"exp":1e400,"nbf":"x"}')}.`,
    `${b64url('{"alg":"RS256","x5t#S256":{}}')}.${b64url("[]")}.x`,
  ];
  const fields: Record<string, string> = {
    grant_type: pick(r, [
      "client_credentials",
      "authorization_code",
      "refresh_token",
      "urn:ietf:params:oauth:grant-type:device_code",
      "password",
      "",
      garbage(r, 20),
    ]),
    client_id: pick(r, ["3c8a5e21-7d4f-4b96-8e13-5a2f9c6d0b47", "x".repeat(5000), ""]),
    scope: pick(r, [
      "https://graph.microsoft.com/.default",
      Array(5000).fill("Mail.Read").join(" "),
      "openid",
      "https://evil.example/.default a/b/c",
      "",
    ]),
  };
  if (r() < 0.5)
    Object.assign(fields, {
      client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
      client_assertion: pick(r, assertion),
    });
  if (r() < 0.5)
    Object.assign(fields, {
      code: garbage(r, 30),
      refresh_token: garbage(r, 30),
      device_code: garbage(r, 30),
      redirect_uri: "javascript:alert(1)",
    });
  const encoded = new URLSearchParams(fields).toString();
  return r() < 0.2 ? encoded.replace(/%[0-9A-F]{2}/, "%zz") : encoded;
}

function identity(r: Random): HostileRequest {
  const tenant = pick(r, ["{{TENANT}}", "common", "nosuchtenant.example", "%2e%2e", "x".repeat(300)]);
  const form = ["Content-Type: application/x-www-form-urlencoded"];
  const credentials = pick(r, ["%zz:%zz", "a", ":", "\u00ff:\u00ff"]);
  const basic = `Authorization: Basic ${Buffer.from(credentials, "latin1").toString("base64")}`;
  const authorize = new URLSearchParams({
    client_id: "3c8a5e21-7d4f-4b96-8e13-5a2f9c6d0b47",
    response_type: pick(r, ["code", "token"]),
    redirect_uri: pick(r, ["http://localhost/callback", "javascript:alert(1)", ""]),
    scope: pick(r, ["User.Read", "", "Mail.Bogus"]),
    login_hint: pick(r, ["{{USER}}", "nobody", ""]),
    code_challenge: garbage(r, 10),
  });
  const cases: (() => string)[] = [
    () =>
      request("POST", `/${tenant}/oauth2/v2.0/token`, {
        auth: false,
        headers: r() < 0.3 ? [...form, basic] : form,
        body: identityForm(r),
      }),
    () => request("POST", `/${tenant}/oauth2/v2.0/token`, { auth: false, body: identityForm(r) }),
    () => request("GET", `/${tenant}/oauth2/v2.0/authorize?${authorize}`, { auth: false }),
    () => request("POST", `/${tenant}/oauth2/v2.0/devicecode`, { auth: false, headers: form, body: identityForm(r) }),
    () =>
      request("POST", "/devicelogin", {
        auth: false,
        headers: form,
        body: `user_code=${garbage(r, 8)}&login_hint=%zz`,
      }),
    () => request("GET", `/${tenant}/v2.0/.well-known/openid-configuration`, { auth: false }),
    () => request("GET", `/${tenant}/discovery/instance?${garbage(r, 20)}`, { auth: false }),
  ];
  return { category: "identity", name: `${tenant.slice(0, 20)}`, raw: pick(r, cases)() };
}

const CATEGORIES: [number, (r: Random) => HostileRequest][] = [
  [15, targets],
  [8, methods],
  [20, headers],
  [17, bodies],
  [15, odata],
  [10, control],
  [15, identity],
];

/** `count` hostile requests, the same for the same seed. About one in 500 carries a 10 MB body. */
export function hostileRequests(count: number, seed: number): HostileRequest[] {
  const r = seededRandom(seed);
  const total = CATEGORIES.reduce((n, [w]) => n + w, 0);
  const out: HostileRequest[] = [];
  for (let i = 0; i < count; i++) {
    if (r() < 0.002) {
      out.push(bigBody());
      continue;
    }
    let roll = r() * total;
    const category = CATEGORIES.find(([w]) => (roll -= w) < 0) ?? CATEGORIES[0];
    out.push(category[1](r));
  }
  return out;
}
