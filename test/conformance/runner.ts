import { readFileSync } from "node:fs";
import { join } from "node:path";
import { USERS, start } from "../../sandbox";
import type { Example, ExamplesFile } from "../../tools/graph-examples/types";
import { appToken, call, userToken } from "./client";
import { causeOfStatus, judge, type Verdict } from "./compare";
import { PrepareError, Preparer, graphCode, type Environment } from "./fixtures";
import type { IssueExample } from "./issueChecks";
import { startNotificationServer } from "./notificationServer";
import { resolvePlaceholders, type Values } from "./prepare";
import { changeSinceRound, seedCollection } from "./seed";

/**
 * Replays every example of Graph's reference (test/conformance/examples.json) against a fresh
 * sandbox, over HTTP: prepares what the example talks about, substitutes real ids and
 * addresses, sends the documented request and judges status and shape.
 */

export interface Outcome extends Verdict {
  example: Example;
  /** The status the sandbox answered, when the request was sent. */
  got?: number;
}

export function loadExamples(): Example[] {
  const file = JSON.parse(readFileSync(join(__dirname, "examples.json"), "utf8")) as ExamplesFile;
  return file.examples;
}

/** The vectors written from issue 12 for what the extracted reference lacks (issue-examples.json). */
export function loadIssueExamples(): IssueExample[] {
  const file = JSON.parse(readFileSync(join(__dirname, "issue-examples.json"), "utf8")) as { examples: IssueExample[] };
  return file.examples;
}

const TOKEN_PLACEHOLDER = /\{(skiptoken|deltatoken)\}/;

/** The example whose request starts the round a `$skiptoken`/`$deltatoken` example continues. */
function roundStart(example: Example, all: Example[]): Example | undefined {
  const path = (e: Example) => e.url.replace(/\?.*$/, "").toLowerCase();
  return all.find((e) => e.file === example.file && !TOKEN_PLACEHOLDER.test(e.url) && path(e) === path(example));
}

export function substitute(text: string, values: Values): string {
  return text.replace(/\{([A-Za-z][A-Za-z0-9]*)\}/g, (whole, name: string) => values.get(name) ?? whole);
}

/** Substitutes inside every string of a JSON value (keys and value types stay as documented). */
function substituteBody(value: unknown, values: Values): unknown {
  if (typeof value === "string") return substitute(value, values);
  if (Array.isArray(value)) return value.map((v) => substituteBody(v, values));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substituteBody(v, values)]));
  }
  return value;
}

/** The token a delta round hands out: the first page's skiptoken, or the round's final deltatoken. */
async function roundToken(env: Environment, example: Example, base: Example, values: Values): Promise<string> {
  const which = TOKEN_PLACEHOLDER.exec(example.url)![1];
  const removal = Boolean(example.shape?.item && "@removed" in example.shape.item);
  const p = new Preparer(env, base);
  await resolvePlaceholders(p, values);
  await seedCollection(p);
  let url = substitute(base.url, values);
  for (let page = 0; page < 20; page++) {
    const answer = await call("GET", url, { token: env.userToken, headers: base.headers });
    if (answer.status !== 200) throw new PrepareError(`GET ${base.url} (to start the delta round)`, answer);
    const body = answer.json as Record<string, string>;
    const link = body["@odata.nextLink"] ?? body["@odata.deltaLink"];
    const token = link ? new URL(link).searchParams.get(`$${which}`) : null;
    if (token && which === "deltatoken") await changeSinceRound(p, values.get("mailFolder"), removal);
    if (token) return token;
    if (!body["@odata.nextLink"]) break;
    url = body["@odata.nextLink"];
  }
  throw new Error(`the delta round gave no ${which}`);
}

function tokenFor(env: Environment, example: Example): string {
  const appOnly = example.url.startsWith("{graph}/users") && !example.delegatedOnly;
  return appOnly ? env.appToken : env.userToken;
}

async function prepare(env: Environment, example: Example, all: Example[]): Promise<Values> {
  const values: Values = new Map();
  const token = TOKEN_PLACEHOLDER.exec(example.url)?.[1];
  const base = token ? roundStart(example, all) : undefined;
  if (token && base) values.set(token, await roundToken(env, example, base, values));
  const p = new Preparer(env, example);
  await resolvePlaceholders(p, values);
  // A round's later page lists what the round's start was given, not a collection of its own.
  if (!token) await seedCollection(p);
  return values;
}

function preparationFailure(example: Example, error: unknown): Outcome {
  const shapeOk = example.shape ? false : undefined;
  if (error instanceof PrepareError) {
    // The sandbox refused to create what the example needs: grouped by that refusal's cause.
    const reason = `preparing: ${error.step} got ${error.answer.status}${graphCode(error.answer)}`;
    return { example, statusOk: false, shapeOk, cause: causeOfStatus(error.answer, error.step), reason };
  }
  return { example, statusOk: false, shapeOk, cause: "could not substitute", reason: (error as Error).message };
}

export async function runExample(env: Environment, example: Example, all: Example[]): Promise<Outcome> {
  let values: Values;
  try {
    values = await prepare(env, example, all);
  } catch (error) {
    return preparationFailure(example, error);
  }
  const url = substitute(example.url, values);
  const unresolved = /\{[A-Za-z][A-Za-z0-9]*\}/.exec(url.replace(/\?.*$/, ""));
  if (unresolved) {
    const reason = `no value for ${unresolved[0]}`;
    return {
      example,
      statusOk: false,
      shapeOk: example.shape ? false : undefined,
      cause: "could not substitute",
      reason,
    };
  }
  const headers = Object.fromEntries(Object.entries(example.headers ?? {}).map(([k, v]) => [k, substitute(v, values)]));
  const body = example.body !== undefined ? JSON.stringify(substituteBody(example.body, values)) : example.bodyText;
  if (body === undefined) delete headers["Content-Type"];
  if ((example as IssueExample).fault === "throttle") env.throttleNext();
  const answer = await call(example.method, url, { token: tokenFor(env, example), headers, body });
  return { example, got: answer.status, ...judge(example, answer) };
}

/** Starts a sandbox and a notification endpoint, replays every example in order, stops both. */
export async function runConformance(examples = loadExamples()): Promise<Outcome[]> {
  const sb = await start({ port: 0 });
  const notifications = await startNotificationServer();
  try {
    let counter = 0;
    const env: Environment = {
      graph: `${sb.url}/v1.0`,
      appToken: await appToken(sb.url),
      userToken: await userToken(sb.url, USERS.adele.upn),
      notificationUrl: notifications.url,
      next: () => ++counter,
      throttleNext: () => sb.faults.throttleNext(1, 2),
    };
    const outcomes: Outcome[] = [];
    for (const example of examples) outcomes.push(await runExample(env, example, examples));
    return outcomes;
  } finally {
    // The sandbox first: it stops delivering notifications before their endpoint goes away.
    await sb.stop();
    await notifications.stop();
  }
}
