import { USERS } from "../../sandbox";
import type { Example } from "../../tools/graph-examples/types";
import { call, type Answer } from "./client";

/**
 * The things an example talks about, created over HTTP before it runs, as a user of Graph would
 * create them: the message it replies to, the folder it moves, the event it accepts, the
 * subscription it renews. Each example gets its own, so examples that delete or move never
 * disturb the next one. The mailbox is Adele's (signed in, delegated); invitations and received
 * mail come from Alex's mailbox with the app's own token.
 */

export interface Environment {
  /** Graph's v1.0 root on the sandbox. */
  graph: string;
  appToken: string;
  userToken: string;
  notificationUrl: string;
  /** Makes every created name unique. */
  next(): number;
  /** The sandbox throttles the next Graph request (for vectors that check Graph's 429). */
  throttleNext(): void;
}

/** A preparation step the sandbox refused: the example cannot run as documented. */
export class PrepareError extends Error {
  constructor(
    readonly step: string,
    readonly answer: Answer,
  ) {
    super(`preparing (${step}) got ${answer.status}${graphCode(answer)}`);
  }
}

export function graphCode(answer: Answer): string {
  const error = (answer.json as { error?: { code?: string; message?: string } } | undefined)?.error;
  return error ? ` ${error.code}: ${(error.message ?? "").slice(0, 90)}` : "";
}

/** A request path as the report shows it: ids as `{id}`, no query. */
function template(path: string): string {
  return path.replace(/\?.*$/, "").replace(/\/[A-Za-z0-9_=-]{24,}(?=\/|$)/g, "/{id}");
}

/** The documented addresses become the seeded people, in order; any further ones stay outside the tenant. */
const PEOPLE = [USERS.alex.upn, USERS.megan.upn, USERS.sales.upn];
export function addressFor(n: number): string {
  return PEOPLE[n - 1] ?? `person${n}@fabrikam.com`;
}

const HOUR = 3600 * 1000;

export function graphDateTime(ms: number): { dateTime: string; timeZone: string } {
  return { dateTime: new Date(ms).toISOString().slice(0, 19), timeZone: "UTC" };
}

/** Requests made while preparing one example, in Adele's name unless another token is given. */
export class Preparer {
  constructor(
    readonly env: Environment,
    readonly example: Example,
  ) {}

  async send(method: string, path: string, body?: unknown, token = this.env.userToken): Promise<Answer> {
    const answer = await call(method, `${this.env.graph}${path}`, {
      token,
      headers: body === undefined ? {} : { "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (answer.status >= 300) throw new PrepareError(`${method} ${template(path)}`, answer);
    return answer;
  }

  /** Creates an item and returns its id. */
  async create(path: string, body: unknown, token?: string): Promise<string> {
    const answer = await this.send("POST", path, body, token);
    const id = (answer.json as { id?: string } | undefined)?.id;
    if (!id) throw new PrepareError(`POST ${path} returned no id`, answer);
    return id;
  }

  /** The id of the item of a collection with this subject, waiting briefly for delivery. */
  async findBySubject(collection: string, subject: string): Promise<string> {
    const filter = encodeURIComponent(`subject eq '${subject}'`);
    for (let attempt = 0; attempt < 20; attempt++) {
      const answer = await this.send("GET", `${collection}?$filter=${filter}&$select=id,subject`);
      const found = (answer.json as { value?: { id: string; subject?: string }[] }).value?.find(
        (v) => v.subject === subject,
      );
      if (found) return found.id;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new PrepareError(`find '${subject}' in ${collection}`, { status: 404, text: "", headers: new Headers() });
  }

  unique(label: string): string {
    return `${label} ${this.env.next()}`;
  }

  /** The example's documented time window (query or reminderView arguments), else the coming week. */
  window(): { start: number; end: number } {
    const url = this.example.url;
    const start = /startDateTime=['"]?([^&'",)]+)/i.exec(url)?.[1];
    const end = /endDateTime=['"]?([^&'",)]+)/i.exec(url)?.[1];
    const parse = (v: string | undefined) =>
      v && !v.startsWith("{") ? Date.parse(/Z|[+-]\d\d:\d\d$/.test(v) ? v : `${v}Z`) : NaN;
    const s = parse(start);
    const e = parse(end);
    if (Number.isFinite(s) && Number.isFinite(e)) return { start: s, end: e };
    const now = Date.now();
    return { start: now - 24 * HOUR, end: now + 7 * 24 * HOUR };
  }

  /** A moment inside the window: its middle, on the hour, lasting half an hour. */
  slot(): { start: number; end: number } {
    const { start, end } = this.window();
    const middle = Math.floor((start + (end - start) / 2) / HOUR) * HOUR;
    const begin = Math.max(start, middle);
    return { start: begin, end: begin + 30 * 60 * 1000 };
  }
}
