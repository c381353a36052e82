import {
  ArgumentError,
  AttachmentError,
  GraphServiceError,
  OutlookError,
  PropertyEmptyError,
  PropertyNullError,
} from "../../src/errors";
import { USERS } from "../../sandbox";
import type { CaseFixtures } from "./baseline";
import {
  RECIPIENT_ORACLES,
  garbleProblem,
  listedIds,
  pathProblem,
  recipientsProblem,
  reference,
  referenceQuery,
  tokenOutsideGraph,
} from "./oracles";
import type { Case } from "./plan";
import type { Calibration, Run } from "./run";
import { visibleText } from "./secrets";
import type { World } from "./world";

/**
 * The verdict on one case: (a) a typed error naming the input, or a success the oracles confirm;
 * (b) no Graph request when the value alone shows it is wrong; (c) nothing left in the sandbox
 * after a failure; (d) no secret in anything the run returned, threw or logged.
 */

export type FailureClass =
  | "untyped"
  | "wrongBlame"
  | "acceptedWrongly"
  | "wrongResult"
  | "wrongPath"
  | "requestsBeforeFailing"
  | "stateLeftBehind"
  | "graphErrorLost"
  | "triggerMisbehaved"
  | "secret";

export interface Failure {
  cls: FailureClass;
  detail: string;
}

const VALIDATION = [PropertyNullError, PropertyEmptyError, ArgumentError, AttachmentError];

const short = (text: string, n = 160) => (text.length > n ? `${text.slice(0, n)}…` : text).replace(/\s+/g, " ");

function describe(error: unknown): string {
  if (error instanceof OutlookError)
    return `${error.name} [${error.property ?? "no property"}]: ${short(error.message)}`;
  if (error instanceof Error) return `${error.name}: ${short(error.message)}`;
  return `thrown ${typeof error}: ${short(String(error))}`;
}

/**
 * Whether an error names the input the case is about: its property does, or (for a check relating
 * two inputs, such as an end before a start) its property names the other input and its message
 * names this one by key or label.
 */
export function blames(error: OutlookError, k: Case): boolean {
  if (namesInput(error.property, k)) return true;
  if (!VALIDATION.some((c) => error instanceof c) || !error.property) return false;
  return error.message.includes(`'${k.input.key}'`) || Boolean(k.input.label && error.message.includes(k.input.label));
}

function namesInput(property: string | undefined, k: Case): boolean {
  if (!property) return false;
  if (k.target.kind === "connection") return property === `connection.${k.input.key}`;
  if (k.role === "connection") return property === "connection" || property.startsWith("connection.");
  const key = k.input.key;
  return property === key || property.startsWith(`${key}[`) || property.startsWith(`${key}.`);
}

/** A run that never answered: the request it sent broke the sandbox, or it waits forever. */
export function hungDetail(run: Run): string {
  return run.crashes.length
    ? `no answer: the request it sent broke the sandbox (${short(run.crashes[0], 80)})`
    : "no answer within the case time limit";
}

/** A raw request's own parts (path, query, headers, body): Graph's refusal of what was built from them names none. */
const isRawPart = (k: Case) =>
  ["graphPath", "pairs", "json"].includes(k.role) && k.target.inputs.some((i) => /path only/i.test(i.comments ?? ""));

function errorFailures(k: Case, error: unknown, run: Run): Failure[] {
  const out: Failure[] = [];
  const graphRequests = run.requests.filter((r) => r.kind === "graph" || r.kind === "upload").length;
  if (!(error instanceof OutlookError)) return [{ cls: "untyped", detail: describe(error) }];
  const refusedByGraph = error instanceof GraphServiceError && error.status >= 400;
  if (k.verdict === "accept") out.push({ cls: "wrongResult", detail: `refused a valid value: ${describe(error)}` });
  else if (!blames(error, k) && !(refusedByGraph && isRawPart(k)))
    out.push({ cls: "wrongBlame", detail: describe(error) });
  // Graph answered with its error body (every answer the sandbox records has one), and the error lost it.
  const answered = run.requests.some((r) => r.kind === "graph" && r.status === (error as { status?: number }).status);
  if (error instanceof GraphServiceError && /^HTTP\d+$/.test(error.graphCode) && answered)
    out.push({ cls: "graphErrorLost", detail: describe(error) });
  const validation = VALIDATION.some((c) => error instanceof c);
  if (graphRequests > 0 && (validation || k.verdict === "rejectLocal"))
    out.push({
      cls: "requestsBeforeFailing",
      detail: `${graphRequests} Graph request(s) before ${describe(error)}`,
    });
  return out;
}

function successFailures(k: Case, value: unknown, run: Run, cal: Calibration | undefined): Failure[] {
  const out: Failure[] = [];
  const result = run.result as { data?: unknown } | undefined;
  if (k.verdict === "reject" || k.verdict === "rejectLocal") {
    const effect = [...new Set(run.diff.created.map((c) => c.kind))].join(", ");
    const seen = k.role === "addresses" ? RECIPIENT_ORACLES[k.input.key]?.(run.diff, result) : undefined;
    const to = seen ? `; recipients [${seen.join(", ")}]` : "";
    out.push({ cls: "acceptedWrongly", detail: `succeeded${effect ? ` (created ${effect})` : ""}${to}` });
  }
  if (k.role === "addresses" && k.hostile.recipients) {
    const problem = recipientsProblem(k.input.key, k.hostile.recipients, run.diff, result);
    if (problem) out.push({ cls: "wrongResult", detail: problem });
  }
  if ((k.role === "id" || k.role === "folderId") && k.hostile.kind !== "absent" && cal?.idsInPath.has(k.input.key)) {
    const problem = pathProblem(value, run.requests);
    if (problem) out.push({ cls: "wrongPath", detail: problem });
  }
  const garbled = garbleProblem(value, run.diff, result);
  if (garbled) out.push({ cls: "wrongResult", detail: garbled });
  return out;
}

const isQuery = (k: Case) =>
  ["filter", "search", "select"].includes(k.role) || (k.role === "pairs" && /query/i.test(k.input.label ?? ""));

/** Filters, searches, selects and query parameters: the listing must be what Graph lists for the typed value. */
async function queryFailures(world: World, k: Case, value: unknown, run: Run, cf: CaseFixtures, cal?: Calibration) {
  const out: Failure[] = [];
  const folder = cf.peek<{ id: string }>("queryFolder")?.id;
  if (!isQuery(k) || !cal?.listPath || k.verdict === "reject" || k.verdict === "rejectLocal") return out;
  const was = cal.queryFolderId;
  const path =
    was && folder
      ? cal.listPath
          .replace(encodeURIComponent(was), encodeURIComponent(folder))
          .replace(was, encodeURIComponent(folder))
      : cal.listPath;
  const got = run.error ? undefined : listedIds(run.result as { data?: unknown });
  const query = referenceQuery(k.role, value);
  if (query) {
    const ref = await reference(world, path, query);
    if (ref.ids && !got) out.push({ cls: "wrongResult", detail: `Graph lists ${ref.ids.length} item(s) for it` });
    else if (ref.ids && got && ref.ids.join() !== got.join())
      out.push({ cls: "wrongResult", detail: `listed ${got.length} item(s); Graph lists ${ref.ids.length} for it` });
    else if (!ref.ids && got)
      out.push({ cls: "wrongResult", detail: `Graph refuses it (${ref.status}), yet ${got.length} item(s) came back` });
  }
  if (k.hostile.matches && folder && got) {
    const mailbox = world.sb.store.mailbox(USERS.adele.id);
    const want = [...mailbox.messages.values()]
      .filter((m) => m.folderId === folder && k.hostile.matches!(m.subject))
      // The component asks for immutable ids, so it lists messages by them.
      .map((m) => m.immutableId ?? m.id)
      .sort();
    if (want.join() !== got.join())
      out.push({ cls: "wrongResult", detail: `listed ${got.length} message(s); ${want.length} match what was typed` });
  }
  return out;
}

function secretFailures(world: World, run: Run): Failure[] {
  const r = run.result as { data?: unknown; payload?: unknown; response?: unknown; branch?: unknown } | undefined;
  const shown = r ? visibleText({ data: r.data, payload: r.payload, response: r.response, branch: r.branch }) : "";
  const texts = [shown, run.error === undefined ? "" : visibleText(run.error), run.logs.join("\n")];
  const found = world.secrets.find(texts.join("\n"));
  return found.length ? [{ cls: "secret", detail: `${found.join(", ")} in the output, error or logs` }] : [];
}

export async function judge(
  world: World,
  k: Case,
  value: unknown,
  run: Run,
  cf: CaseFixtures,
  cal: Calibration | undefined,
): Promise<Failure[]> {
  const failures: Failure[] = [];
  if (run.hung) failures.push({ cls: "untyped", detail: hungDetail(run) });
  else if (run.error !== undefined) failures.push(...errorFailures(k, run.error, run));
  else failures.push(...successFailures(k, value, run, cal));
  if (run.error !== undefined && run.diff.created.length)
    failures.push({
      cls: "stateLeftBehind",
      detail: `left ${[...new Set(run.diff.created.map((c) => c.kind))].join(", ")}`,
    });
  const stray = tokenOutsideGraph(run.requests);
  if (stray) failures.push({ cls: "wrongPath", detail: stray });
  failures.push(...(await queryFailures(world, k, value, run, cf, cal)), ...secretFailures(world, run));
  return failures;
}
