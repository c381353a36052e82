import { USERS, addBulkMessages } from "../../sandbox";
import type { Line, WorkloadResult } from "../report";
import { MemoryWatch, answerMs, peakOf, onTheWire, requestsSince, timed, type Bench } from "../support";

/**
 * 1. Fetch All of a large folder through List Mail Messages, against the fewest requests Graph allows
 * (pages of 1,000, its largest); beside it the peers' paging: n8n's pages of 100, and Graph's
 * default of 10, which Prismatic's Fetch All leaves in place; and, for reference, our pages fetched
 * with plain GETs (what the component itself adds). Pages are sequential (each next link comes in the
 * previous answer), so the limit is one round trip per page.
 */

const GRAPH_MAX_PAGE = 1000;

/** A peer's Fetch All: plain GETs following @odata.nextLink, `$top` per page (Graph's default when undefined). */
async function peerFetchAll(
  bench: Bench,
  folderPath: string,
  top: number | undefined,
): Promise<Line & { got: number }> {
  const mark = bench.sb.requests.length;
  const { result: got, ms } = await timed(async () => {
    let next: string | undefined = `${folderPath}/messages${top ? `?$top=${top}` : ""}`;
    let count = 0;
    while (next) {
      const page = await bench.plain.call("GET", next);
      if (page.status !== 200) throw new Error(`listing answered ${page.status}`);
      count += (page.json.value as unknown[]).length;
      next = page.json["@odata.nextLink"] as string | undefined;
    }
    return count;
  });
  const requests = requestsSince(bench.sb, mark, onTheWire).length;
  const strategy =
    top === GRAPH_MAX_PAGE
      ? "reference: pages of 1,000 as plain GETs (no component)"
      : top
        ? `pages of ${top} (n8n)`
        : "pages of 10, Graph's default (Prismatic's Fetch All)";
  return { strategy, requests, wallMs: ms, got };
}

export async function fetchAll(bench: Bench, count: number): Promise<WorkloadResult> {
  const folder = addBulkMessages(bench.sb.store, { mailbox: USERS.megan.upn, folder: "Fetch All", count });
  const minimum = Math.ceil(count / GRAPH_MAX_PAGE);
  const mark = bench.sb.requests.length;
  const memory = new MemoryWatch();
  const { result, ms } = await timed(() =>
    bench.harness.action("listMailMessages", {
      connection: bench.connection,
      mailbox: USERS.megan.upn,
      folderId: folder.id,
      fetchAll: true,
    }),
  );
  const peak = memory.stop();
  const wire = requestsSince(bench.sb, mark, onTheWire);
  const listed = (result as { data: { value: unknown[] } }).data.value.length;
  const folderPath = `/users/${USERS.megan.upn}/mailFolders/${folder.id}`;
  const peers = [
    await peerFetchAll(bench, folderPath, GRAPH_MAX_PAGE),
    await peerFetchAll(bench, folderPath, 100),
    await peerFetchAll(bench, folderPath, undefined),
  ];
  const ours: Line = { strategy: "ours: pages of 1,000", requests: wire.length, wallMs: ms, peakMemory: peakOf(peak) };
  if (listed !== count) ours.outcome = `listed ${listed} of ${count}`;
  for (const p of peers) if (p.got !== count) p.outcome = `listed ${p.got} of ${count}`;
  return {
    id: 1,
    title: `Fetch All, ${count.toLocaleString("en")} messages`,
    status: "measured",
    minimum,
    limitMs: minimum * bench.latencyMs,
    ours,
    peers: peers.map(({ got: _got, ...line }) => line),
    target: "requests = minimum",
    met: wire.length === minimum && listed === count,
    notes: [],
    details: {
      answerMs: answerMs(wire),
      listed,
      responseBytes: wire.reduce((n, r) => n + r.responseBytes, 0),
      memory: peak,
    },
  };
}
