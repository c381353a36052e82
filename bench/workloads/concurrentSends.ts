import { USERS } from "../../sandbox";
import type { Line, WorkloadResult } from "../report";
import { MemoryWatch, answerMs, peakOf, onTheWire, requestsSince, roundTrips, timed, type Bench } from "../support";

/**
 * 3. Many flow runs sending from one mailbox at the same moment: Send Message started `count` times
 * together on one connection, under Outlook's 4 concurrent requests per app and mailbox. The limit
 * is one round trip per 4 requests; each send is two (sendMail, then the look-up of its Sent Items
 * copy for the ids Send Message returns by default), so the minimum is 2 × count. Nothing may be
 * lost to 429 (the client keeps 4 in flight per mailbox and the rest wait for a slot; a 429 from
 * elsewhere is waited out within the retry budget). Delivered messages are counted in the
 * recipient's Inbox. Beside it the peers' way: the same sendMail requests with no throttling
 * handling (n8n, Apprise), whose 429s are lost messages.
 */

function delivered(bench: Bench, prefix: string): number {
  const mb = bench.sb.store.mailbox(USERS.alex.id);
  const inbox = bench.sb.store.folderByWellKnown(mb, "inbox").id;
  return [...mb.messages.values()].filter((m) => m.folderId === inbox && m.subject.startsWith(prefix)).length;
}

async function peerSends(bench: Bench, count: number): Promise<Line> {
  const prefix = `Peer send ${Date.now()}`;
  const mark = bench.sb.requests.length;
  const { ms } = await timed(() =>
    Promise.all(
      Array.from({ length: count }, (_, i) =>
        bench.plain.call("POST", `/users/${USERS.adele.upn}/sendMail`, {
          message: {
            subject: `${prefix} ${i}`,
            body: { contentType: "text", content: "Sent together." },
            toRecipients: [{ emailAddress: { address: USERS.alex.upn } }],
          },
          saveToSentItems: true,
        }),
      ),
    ),
  );
  const got = delivered(bench, prefix);
  return {
    strategy: "sendMail without 429 handling (n8n, Apprise)",
    requests: requestsSince(bench.sb, mark, onTheWire).length,
    wallMs: ms,
    outcome: `${got} delivered, ${count - got} lost to 429`,
  };
}

/** `count` Send Message started together on the bench's connection, with or without the sent ids' look-up. */
async function ourSends(bench: Bench, count: number, returnMessageId: boolean) {
  const prefix = `Concurrent send ${returnMessageId ? "ids" : "plain"} ${Date.now()}`;
  const mark = bench.sb.requests.length;
  const memory = new MemoryWatch();
  const { result: settled, ms } = await timed(() =>
    Promise.allSettled(
      Array.from({ length: count }, (_, i) =>
        bench.harness.action("sendMessage", {
          connection: bench.connection,
          to: USERS.alex.upn,
          subject: `${prefix} ${i}`,
          body: "Sent together.",
          returnMessageId,
        }),
      ),
    ),
  );
  const peak = memory.stop();
  const wire = requestsSince(bench.sb, mark, onTheWire);
  const got = delivered(bench, prefix);
  const failed = settled.filter((s) => s.status === "rejected");
  const throttled = wire.filter((r) => r.status === 429).length;
  return { ms, peak, wire, got, failed, throttled };
}

export async function concurrentSends(bench: Bench, count: number): Promise<WorkloadResult> {
  const { ms, peak, wire, got, failed, throttled } = await ourSends(bench, count, true);
  const minimum = 2 * count;
  const limitMs = roundTrips(minimum) * bench.latencyMs;
  const plain = await ourSends(bench, count, false);
  const result: WorkloadResult = {
    id: 3,
    title: `${count} Send Message started together, one mailbox`,
    status: "measured",
    minimum,
    limitMs,
    ours: {
      strategy: "ours: 4 in flight per mailbox, the rest wait for a slot; sent ids looked up (the default)",
      requests: wire.length,
      wallMs: ms,
      peakMemory: peakOf(peak),
      outcome: `${got} delivered, ${count - got} lost, ${throttled} answered 429`,
    },
    peers: [
      {
        strategy: `ours with Return Sent Message ID off: one request per send (limit ${
          roundTrips(count) * bench.latencyMs
        } ms)`,
        requests: plain.wire.length,
        wallMs: plain.ms,
        peakMemory: peakOf(plain.peak),
        outcome: `${plain.got} delivered, ${count - plain.got} lost, ${plain.throttled} answered 429`,
      },
      await peerSends(bench, count),
    ],
    target: "0 lost, wall within 1.25 × limit",
    met: got === count && plain.got === count && ms <= 1.25 * limitMs,
    notes: [],
    details: {
      answerMs: answerMs(wire),
      delivered: got,
      failed: failed.length + plain.failed.length,
      throttled: throttled + plain.throttled,
      plainRequests: plain.wire.length,
      plainDelivered: plain.got,
      firstFailure: [...failed, ...plain.failed].map((f) => String((f as PromiseRejectedResult).reason))[0],
    },
  };
  return result;
}
