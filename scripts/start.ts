import { createHash, randomBytes } from "node:crypto";
import { createConnection, createHarness } from "@prismatic-io/spectral/dist/testing";
import component from "../src";
import { clientCredentials } from "../src/connections/clientCredentials";
import * as attachments from "../src/graph/attachments";
import { openMailbox } from "../src/graph/mailbox";
import * as messages from "../src/graph/messages";
import { itemRef } from "../src/inputs/ids";
import { DEFAULT_APP_ID, DEFAULT_APP_SECRET, DEFAULT_TENANT_ID, USERS, start } from "../sandbox";

/**
 * `npm start`: the main job, for real, on the embedded Graph sandbox. It starts the sandbox, sends
 * a message with a 12 MB attachment through the component (an upload session in 4 MB chunks),
 * reads it back from the recipient's mailbox through Graph, checks the bytes, and prints each step.
 */

const step = (n: number, text: string) => console.log(`${n}. ${text}`);
const sha256 = (b: Buffer) => createHash("sha256").update(b).digest("hex");

async function main(): Promise<void> {
  const sandbox = await start({ port: 0 });
  try {
    step(1, `Graph sandbox listening at ${sandbox.url} (tenant ${DEFAULT_TENANT_ID})`);
    const connection = createConnection(clientCredentials, {
      cloud: "global",
      baseUrl: sandbox.url,
      entraEndpoint: sandbox.url,
      tenant: DEFAULT_TENANT_ID,
      clientId: DEFAULT_APP_ID,
      clientSecret: DEFAULT_APP_SECRET,
      scopes: "https://graph.microsoft.com/.default",
      userId: USERS.adele.upn,
    });
    step(2, `Client credentials connection for app ${DEFAULT_APP_ID}, sending as ${USERS.adele.upn}`);

    const report = randomBytes(12 * 1024 * 1024);
    const harness = createHarness(component);
    const started = Date.now();
    const sent = (await harness.action("sendMessage", {
      connection,
      to: `Alex Wilber <${USERS.alex.upn}>`,
      cc: USERS.megan.upn,
      subject: "Quarterly report",
      body: "<p>Hi Alex, the quarterly report is attached.</p>",
      importance: "high",
      attachments: [{ key: "quarterly-report.bin", value: { data: report, contentType: "application/octet-stream" } }],
    })) as { data: { via: string; attachments: { name: string; size: number; method: string }[] } };
    const uploads = sandbox.requests.filter((r) => r.kind === "upload");
    step(
      3,
      `Send Message done in ${Date.now() - started} ms via ${sent.data.via}: ${sent.data.attachments.map((a) => `${a.name} (${a.size} bytes, ${a.method})`).join(", ")}; ${uploads.length} chunks of at most ${Math.max(...uploads.map((r) => r.requestBytes))} bytes, none with an Authorization header: ${uploads.every((r) => !r.authorization)}`,
    );

    // Read back through the component's Graph catalogue, as Alex's mailbox.
    const alex = openMailbox(connection, USERS.alex.upn);
    const inbox = await messages.list(
      alex,
      {
        folder: itemRef("folderId", "inbox"),
        filter: "subject eq 'Quarterly report'",
        select: "subject,from,hasAttachments",
      },
      { fetchAll: false },
    );
    const message = inbox.value[0];
    if (!message?.id) throw new Error("the message did not arrive in Alex's Inbox");
    step(
      4,
      `Alex's Inbox holds "${message.subject}" from ${message.from?.emailAddress?.address}, ` +
        `hasAttachments=${message.hasAttachments}`,
    );

    const messageRef = itemRef("messageId", message.id);
    const [attachment] = await attachments.list(alex, messageRef, false);
    const bytes = await attachments.content(alex, messageRef, itemRef("attachmentId", attachment.id));
    const identical = sha256(bytes) === sha256(report);
    step(
      5,
      `Downloaded ${attachment.name}: ${bytes.length} bytes, SHA-256 ${sha256(bytes).slice(0, 16)}… ${identical ? "identical to what was sent" : "DIFFERENT from what was sent"}`,
    );
    if (!identical) throw new Error("the attachment came back different");
    const tokens = sandbox.requests.filter((r) => r.kind === "identity" && r.path.endsWith("/token")).length;
    step(6, `${sandbox.requests.length} requests in all (${tokens} token request${tokens === 1 ? "" : "s"}); done`);
  } finally {
    await sandbox.stop();
  }
}

main().then(
  () => process.exit(0),
  (e: Error) => {
    console.error(`npm start failed: ${e.message}`);
    process.exit(1);
  },
);
