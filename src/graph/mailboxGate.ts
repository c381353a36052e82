/**
 * Outlook serves at most 4 requests at a time per app and mailbox, and answers the fifth 429 with a
 * Retry-After of a second or more. Requests this process makes for one connection to one mailbox
 * keep to that here: beyond 4 in flight they wait for a slot (first come, first served) instead of
 * meeting the 429 and its wait. Flow runs in other processes still meet 429s, which the client's
 * retries ride out. Requests that name no mailbox (subscriptions, JSON batches, which pace
 * themselves in batch.ts) pass straight through.
 */

export const MAILBOX_CONCURRENCY = 4;

class Gate {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= MAILBOX_CONCURRENCY) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.running++;
    try {
      return await work();
    } finally {
      // The slot passes straight to the next in line, or is freed.
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }

  get idle(): boolean {
    return this.running === 0 && this.waiting.length === 0;
  }
}

const gates = new Map<string, Gate>();

/** The mailbox a Graph path or link works on ("/users/{id}/…", "/me/…"), lower-cased; undefined for none. */
export function mailboxOfPath(pathOrLink: string): string | undefined {
  const path = /^https?:\/\//i.test(pathOrLink)
    ? new URL(pathOrLink).pathname.replace(/^\/v1\.0(?=\/)/i, "")
    : pathOrLink;
  if (/^\/me(\/|\?|$)/i.test(path)) return "me";
  const user = /^\/users\/([^/?#]+)\/./i.exec(path)?.[1];
  return user ? decodeURIComponent(user).toLowerCase() : undefined;
}

/** Runs one request to Graph within its connection's and mailbox's share of Outlook's concurrency. */
export async function withinMailboxLimit<T>(identity: string, pathOrLink: string, work: () => Promise<T>): Promise<T> {
  const mailbox = mailboxOfPath(pathOrLink);
  if (mailbox === undefined) return work();
  const key = `${identity}|${mailbox}`;
  let gate = gates.get(key);
  if (!gate) gates.set(key, (gate = new Gate()));
  try {
    return await gate.run(work);
  } finally {
    if (gate.idle) gates.delete(key);
  }
}
