import { readFileSync } from "node:fs";
import { request } from "node:https";
import { DEFAULT_APP_SECRET, USERS, type Sandbox } from "../../sandbox";
import { appToken } from "../sandbox/support";

/** Helpers for the web UI's tests: raw HTTPS requests (any Host, Origin or Sec-Fetch-Site) and hostile mail. */

export interface UiAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  text: string;
}

/** One request to the sandbox with exactly these headers (Node's fetch would not send a Host or Origin of ours). */
export function uiRequest(
  sb: Sandbox,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string,
): Promise<UiAnswer> {
  const url = new URL(path, sb.url);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method,
        ca: readFileSync(sb.ca!, "utf8"),
        // The certificate is checked for localhost whatever Host the test sends (a rebound name, say).
        servername: "localhost",
        headers: { ...(body !== undefined ? { "Content-Length": String(Buffer.byteLength(body)) } : {}), ...headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const data = Buffer.concat(chunks);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: data, text: data.toString("utf8") });
        });
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

export const uiGet = (sb: Sandbox, path: string, headers: Record<string, string> = {}) =>
  uiRequest(sb, "GET", path, headers);

/** A form POST as the UI's own page sends it (same origin), unless `headers` say otherwise. */
export function uiPost(sb: Sandbox, path: string, form: Record<string, string>, headers: Record<string, string> = {}) {
  return uiRequest(
    sb,
    "POST",
    path,
    {
      "Content-Type": "application/x-www-form-urlencoded",
      Origin: sb.url,
      "Sec-Fetch-Site": "same-origin",
      ...headers,
    },
    new URLSearchParams(form).toString(),
  );
}

export const HOSTILE_SUBJECT = `<script>document.title="pwned-subject"</script><img src=x onerror="alert('subject')">`;
export const HOSTILE_NAME = `<img src=x onerror="alert('name')">Mallory "</td><script>alert(1)</script>`;
export const HOSTILE_HEADER = `"><script>alert('header')</script>`;
export const HOSTILE_ATTACHMENT = `"><img src=x onerror=alert('file')>.html`;
export const HOSTILE_BODY =
  `<p id="marker">hostile body rendered</p>` +
  `<script>document.body.setAttribute("data-ran", "1"); parent.document.title = "pwned-body"; alert("body")</script>` +
  `<img src="x" onerror="document.body.setAttribute('data-ran', '2'); alert('img')">` +
  `<form action="/_sandbox/ui/controls/before" method="post"><input name="count" value="5"></form>`;

/** Sends Alex a message whose subject, recipient name, header, attachment name and body are all hostile. */
export async function sendHostileMail(sb: Sandbox, token = appToken(sb)): Promise<void> {
  const res = await fetch(`${sb.url}/v1.0/users/${USERS.adele.upn}/sendMail`, {
    method: "POST",
    headers: { Authorization: `Bearer ${await token}`, "Content-Type": "application/json" },
    body: JSON.stringify({
      message: {
        subject: HOSTILE_SUBJECT,
        body: { contentType: "html", content: HOSTILE_BODY },
        toRecipients: [{ emailAddress: { name: HOSTILE_NAME, address: USERS.alex.upn } }],
        internetMessageHeaders: [{ name: "X-Hostile", value: HOSTILE_HEADER }],
        attachments: [
          {
            "@odata.type": "#microsoft.graph.fileAttachment",
            name: HOSTILE_ATTACHMENT,
            contentType: "text/html",
            contentBytes: Buffer.from("<script>alert('attachment')</script>").toString("base64"),
          },
        ],
      },
    }),
  });
  if (res.status !== 202) throw new Error(`sendMail answered ${res.status}: ${await res.text()}`);
}

/** Secrets the UI must never show, whatever the page. */
export const NEVER_SHOWN = [DEFAULT_APP_SECRET];

export { appToken };
