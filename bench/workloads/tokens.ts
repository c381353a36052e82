import { clearTokenCaches } from "../../src/auth/tokens";
import { USERS } from "../../sandbox";
import type { WorkloadResult } from "../report";
import {
  GRAPH_CONCURRENCY,
  MemoryWatch,
  answerMs,
  peakOf,
  onTheWire,
  pool,
  requestsSince,
  roundTrips,
  timed,
  tokenRequest,
  type Bench,
} from "../support";

/**
 * 5. Many actions on one connection, as a busy flow makes them (a loop running 4 at a time), starting
 * from a process that holds no token: the first actions share one token request, the rest reuse it.
 * The actions are light reads of one request each (Get Current User, List Mail Folders, List Mail
 * Messages), so the limit is one round trip per 4 actions.
 */

const ACTIONS: [string, Record<string, unknown>][] = [
  ["getCurrentUser", {}],
  ["listMailFolders", {}],
  ["listMailMessages", { folderId: "inbox", pageLimit: "10", select: "subject" }],
];

export async function tokens(bench: Bench, count: number): Promise<WorkloadResult> {
  clearTokenCaches();
  const mark = bench.sb.requests.length;
  const memory = new MemoryWatch();
  const { ms } = await timed(() =>
    pool(
      Array.from({ length: count }, (_, i) => ACTIONS[i % ACTIONS.length]),
      GRAPH_CONCURRENCY,
      async ([key, params]) => {
        await bench.harness.action(key, { connection: bench.connection, mailbox: USERS.adele.upn, ...params });
      },
    ),
  );
  const peak = memory.stop();
  const tokenRequests = requestsSince(bench.sb, mark, tokenRequest).length;
  const wire = requestsSince(bench.sb, mark, onTheWire);
  return {
    id: 5,
    title: `${count.toLocaleString("en")} actions on one connection, 4 at a time`,
    status: "measured",
    minimum: count,
    limitMs: roundTrips(count) * bench.latencyMs,
    ours: {
      strategy: "ours: token cached per connection",
      requests: wire.length,
      wallMs: ms,
      peakMemory: peakOf(peak),
      outcome: `${tokenRequests} token request${tokenRequests === 1 ? "" : "s"}`,
    },
    peers: [],
    target: "1 token request",
    met: tokenRequests === 1,
    notes: [],
    details: { answerMs: answerMs(wire), tokenRequests, throttled: wire.filter((r) => r.status === 429).length },
  };
}
