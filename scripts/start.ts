import { createHash, randomBytes } from "node:crypto";
import { findBlock } from "../cli/catalog";
import { perform } from "../cli/commands/run";
import { embeddedTarget } from "../cli/target";
import { trustSandboxOnLoopback } from "../cli/trust";
import type { Connection } from "@prismatic-io/spectral";
import { DEFAULT_APP_ID, DEFAULT_TENANT_ID, USERS, type Sandbox } from "../sandbox";

/**
 * `npm start`: the main job, for real, on the embedded Graph sandbox, built on the command-line
 * runner's pieces (its sandbox target and its way of running an action). It starts the sandbox,
 * sends a message with a 12 MB attachment through the component (an upload session in 4 MB
 * chunks), reads it back from the recipient's mailbox with the component's own actions, checks
 * the bytes, and prints each step.
 */

const step = (n: number, text: string) => console.log(`${n}. ${text}`);
const sha256 = (b: Buffer) => createHash("sha256").update(b).digest("hex");

/** Runs one of the component's actions through the runner and returns its `data`. */
async function action<T>(key: string, params: Record<string, unknown>, connection: Connection): Promise<T> {
  const result = (await perform(findBlock(key)!, params, connection)) as { data: T };
  return result.data;
}

/** Step 3: Adele sends Alex the report, 12 MB, through Send Message. */
async function sendReport(sandbox: Sandbox, connection: Connection, report: Buffer): Promise<void> {
  const started = Date.now();
  const sent = await action<{ via: string; attachments: { name: string; size: number; method: string }[] }>(
    "sendMessage",
    {
      to: `Alex Wilber <${USERS.alex.upn}>`,
      cc: USERS.megan.upn,
      subject: "Quarterly report",
      body: "<p>Hi Alex, the quarterly report is attached.</p>",
      importance: "high",
      attachments: [{ key: "quarterly-report.bin", value: { data: report, contentType: "application/octet-stream" } }],
    },
    connection,
  );
  const uploads = sandbox.requests.filter((r) => r.kind === "upload");
  const attached = sent.attachments.map((a) => `${a.name} (${a.size} bytes, ${a.method})`).join(", ");
  const largest = Math.max(...uploads.map((r) => r.requestBytes));
  const tokenless = `none with an Authorization header: ${uploads.every((r) => !r.authorization)}`;
  const chunks = `${uploads.length} chunks of at most ${largest} bytes, ${tokenless}`;
  step(3, `Send Message done in ${Date.now() - started} ms via ${sent.via}: ${attached}; ${chunks}`);
}

/** Steps 4 and 5: the message in Alex's Inbox, and its attachment's bytes, read back with the component. */
async function readBack(connection: Connection, report: Buffer): Promise<void> {
  type Listed = { id: string; subject: string; from: { emailAddress: { address: string } }; hasAttachments: boolean };
  const inbox = await action<{ value: Listed[] }>(
    "listMailMessages",
    {
      mailbox: USERS.alex.upn,
      folderId: "inbox",
      filter: "subject eq 'Quarterly report'",
      select: "subject,from,hasAttachments",
    },
    connection,
  );
  const message = inbox.value[0];
  if (!message) throw new Error("the message did not arrive in Alex's Inbox");
  const from = message.from.emailAddress.address;
  step(4, `Alex's Inbox holds "${message.subject}" from ${from}, hasAttachments=${message.hasAttachments}`);
  const mailbox = { mailbox: USERS.alex.upn, messageId: message.id };
  const [first] = await action<{ id: string }[]>("listAttachments", mailbox, connection);
  const got = await action<{ name: string; file: { data: Buffer } }>(
    "getAttachment",
    { ...mailbox, attachmentId: first.id },
    connection,
  );
  const bytes = got.file.data;
  const identical = sha256(bytes) === sha256(report);
  const verdict = identical ? "identical to what was sent" : "DIFFERENT from what was sent";
  step(5, `Downloaded ${got.name}: ${bytes.length} bytes, SHA-256 ${sha256(bytes).slice(0, 16)}… ${verdict}`);
  if (!identical) throw new Error("the attachment came back different");
}

async function main(): Promise<void> {
  trustSandboxOnLoopback();
  const target = await embeddedTarget(USERS.adele.upn);
  const { sandbox, connection } = target;
  try {
    step(1, `Graph sandbox listening at ${sandbox.url} (tenant ${DEFAULT_TENANT_ID})`);
    step(2, `Client credentials connection for app ${DEFAULT_APP_ID}, sending as ${USERS.adele.upn}`);
    const report = randomBytes(12 * 1024 * 1024);
    await sendReport(sandbox, connection, report);
    await readBack(connection, report);
    const tokens = sandbox.requests.filter((r) => r.kind === "identity" && r.path.endsWith("/token")).length;
    step(6, `${sandbox.requests.length} requests in all (${tokens} token request${tokens === 1 ? "" : "s"}); done`);
  } finally {
    await target.close();
  }
}

main().then(
  () => process.exit(0),
  (e: Error) => {
    console.error(`npm start failed: ${e.message}`);
    process.exit(1);
  },
);
