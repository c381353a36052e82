import { MB } from "./support";

/**
 * The benchmark's results: one entry per workload with our figures and the peers' strategies beside
 * them, measured in the same run, printed as one Markdown table and written as JSON.
 */

/** One strategy's figures for a workload (ours, or a peer's done as plain Graph calls). */
export interface Line {
  strategy: string;
  /** Requests that crossed the network (Graph and upload URLs; a `$batch` counts once). */
  requests?: number;
  wallMs?: number;
  /** Peak memory above the baseline, in bytes: the larger of RSS and heap + external (support.ts, peakOf). */
  peakMemory?: number;
  /** What the strategy achieved when it is not "everything done" (e.g. "96 lost to 429", "413 Request too large"). */
  outcome?: string;
}

export interface WorkloadResult {
  id: number;
  title: string;
  /** "pending" when the build lacks what the workload drives; "failed" when the run broke (see `error`). */
  status: "measured" | "pending" | "failed";
  /** The fewest requests Graph allows for this work. */
  minimum?: number;
  /** The shortest time Graph's latency and its concurrency cap allow, in ms. */
  limitMs?: number;
  ours?: Line;
  peers: Line[];
  target: string;
  /** Whether the target was met; undefined when nothing was measured. */
  met?: boolean;
  /** Why a target was missed, or what a figure means. */
  notes: string[];
  /** Further figures (counts, bytes, times) for the JSON. */
  details: Record<string, unknown>;
  error?: string;
}

export interface BenchReport {
  date: string;
  command: string;
  machine: string;
  node: string;
  /** The machine's 1-minute load average when the run started and when it ended (other work shares the cores). */
  load: [number, number];
  latencyMs: number;
  sizes: Record<string, number>;
  seconds: number;
  workloads: WorkloadResult[];
}

const ms = (v: number | undefined) =>
  v === undefined ? "" : v >= 10_000 ? `${(v / 1000).toFixed(1)} s` : `${Math.round(v)} ms`;
const mb = (v: number | undefined) => (v === undefined ? "" : `${(v / MB).toFixed(0)} MB`);
const ratio = (a: number | undefined, b: number | undefined) =>
  a === undefined || !b ? "" : `${(a / b).toFixed(a / b >= 10 ? 0 : 2)}`;

const HEADER =
  "| # | workload | strategy | requests | minimum | wall time | limit | wall / limit | peak memory | outcome " +
  "| target |";
const RULE = "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |";

function cell(text: string): string {
  return text.replace(/\|/g, "\\|");
}

function lineRow(w: WorkloadResult, line: Line, first: boolean): string {
  const target = first ? `${w.target}${w.met === undefined ? "" : w.met ? ": met" : ": missed"}` : "";
  return (
    "| " +
    [
      first ? String(w.id) : "",
      first ? w.title : "",
      line.strategy,
      line.requests === undefined ? "" : String(line.requests),
      first && w.minimum !== undefined ? String(w.minimum) : "",
      ms(line.wallMs),
      first ? ms(w.limitMs) : "",
      ratio(line.wallMs, w.limitMs),
      mb(line.peakMemory),
      line.outcome ?? "",
      target,
    ]
      .map(cell)
      .join(" | ") +
    " |"
  );
}

/** The report as one Markdown table: our line first for each workload, the peers' strategies under it. */
export function table(report: BenchReport): string {
  const rows = [HEADER, RULE];
  for (const w of report.workloads) {
    const why = w.status === "pending" ? (w.notes[0] ?? "pending") : `failed: ${w.error ?? "unknown"}`;
    rows.push(lineRow(w, w.status === "measured" && w.ours ? w.ours : { strategy: "ours", outcome: why }, true));
    for (const peer of w.peers) rows.push(lineRow(w, peer, false));
  }
  return rows.join("\n");
}

/** Each workload's notes, numbered as the table is. */
export function notes(report: BenchReport): string {
  return report.workloads
    .filter((w) => w.notes.length)
    .map((w) => `${w.id}. ${w.notes.join(" ")}`)
    .join("\n");
}
