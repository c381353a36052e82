import { defaultTriggerPayload } from "@prismatic-io/spectral/dist/testing";
import { USERS } from "../../../sandbox";
import { harness, secretConnection, startSandbox } from "../support";

/** The polling trigger: each message exactly once, through faults and restarts (delta query). */

describe("the polling trigger", () => {
  it("emits each of 1,000 messages exactly once, with faults between and during polls and a restart", async () => {
    const polling = await startSandbox({ maxPageSize: 40 });
    try {
      const params = { connection: secretConnection(polling), mailbox: USERS.alex.upn, folderId: "inbox" };
      let context: { instanceState: Record<string, unknown>; crossFlowState: Record<string, unknown> } = {
        instanceState: {},
        crossFlowState: {},
      };
      const poll = async () =>
        (await harness.trigger("mailPolling", defaultTriggerPayload(), params, context as never)) as unknown as {
          payload: { body: { data: { id: string; subject: string }[] } };
          resultType: string;
        };
      expect((await poll()).resultType).toBe("polled_no_changes"); // the baseline: nothing existing is emitted
      const mb = polling.store.mailbox(USERS.alex.id);
      const inbox = polling.store.folderByWellKnown(mb, "inbox").id;
      const emitted: string[] = [];
      let failures = 0;
      let sent = 0;
      for (let round = 0; sent < 1000; round++) {
        for (let i = 0; i < 73 && sent < 1000; i++, sent++) {
          const t = new Date().toISOString();
          polling.store.putMessage(mb, {
            folderId: inbox,
            createdDateTime: t,
            lastModifiedDateTime: t,
            receivedDateTime: t,
            sentDateTime: t,
            subject: `p${sent}`,
            body: { contentType: "text", content: "" },
            importance: "normal",
            isRead: false,
            isDraft: false,
            from: null,
            sender: null,
            toRecipients: [],
            ccRecipients: [],
            bccRecipients: [],
            replyTo: [],
            internetMessageId: `<p${sent}@x>`,
            conversationId: "c",
            conversationIndex: "AQ==",
            categories: [],
            flag: { flagStatus: "notFlagged" },
            inferenceClassification: "focused",
            isDeliveryReceiptRequested: false,
            isReadReceiptRequested: false,
            internetMessageHeaders: [],
            extendedProperties: [],
            attachments: [],
          });
        }
        // During a poll: its second page fails.
        if (round % 3 === 1) polling.faults.failNext(1, 500, null, { path: /delta/, query: /skiptoken/ });
        // Between polls: the first request fails.
        if (round % 3 === 2) polling.faults.failNext(1, 500, null, { path: /delta/ });
        if (round === 7) context = JSON.parse(JSON.stringify(context)); // a restart: only persisted state survives
        try {
          const result = await poll();
          emitted.push(...result.payload.body.data.map((m) => m.subject));
        } catch {
          failures++;
        }
      }
      for (let i = 0; i < 3; i++) emitted.push(...(await poll()).payload.body.data.map((m) => m.subject));
      expect(failures).toBeGreaterThanOrEqual(8);
      expect(emitted).toHaveLength(1000);
      expect(new Set(emitted).size).toBe(1000);
      expect((await poll()).resultType).toBe("polled_no_changes");
    } finally {
      await polling.stop();
    }
  });
});
