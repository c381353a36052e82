/**
 * The secrets of a fuzz run (client secrets, issued tokens, refresh tokens, private key lines, the
 * PFX password, subscriptions' clientState values) and the scan that looks for them, and for
 * anything shaped like a JWT, in whatever the component returned, threw or logged.
 */

const JWT = /eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]*/;

export class Secrets {
  private readonly values = new Map<string, string>();
  private readonly sources: [string, () => Iterable<string>][] = [];

  add(kind: string, value: unknown): void {
    if (typeof value === "string" && value.length >= 8) this.values.set(value, kind);
  }

  /** Secrets that appear during the run (e.g. refresh tokens the sandbox issues), read afresh at every scan. */
  watch(kind: string, source: () => Iterable<string>): void {
    this.sources.push([kind, source]);
  }

  /** The kinds of secret found in `text` ("client secret", "clientState", "token-shaped text", ...). */
  find(text: string): string[] {
    const found = new Set<string>();
    for (const [value, kind] of this.values) if (text.includes(value)) found.add(kind);
    for (const [kind, source] of this.sources) for (const value of source()) if (text.includes(value)) found.add(kind);
    if (JWT.test(text)) found.add("token-shaped text");
    return [...found];
  }

  get size(): number {
    return this.values.size;
  }
}

/** Text for a value as the platform would show or log it: JSON, with bytes as text and errors in full. */
export function visibleText(value: unknown): string {
  if (value instanceof Error) {
    const own = safeJson({ ...value });
    return [value.message, value.stack ?? "", own, String(value)].join("\n");
  }
  return safeJson(value);
}

function safeJson(value: unknown): string {
  try {
    return (
      JSON.stringify(value, (_key, v: unknown) => {
        if (Buffer.isBuffer(v)) return v.toString("utf8");
        if (v && typeof v === "object" && (v as { type?: unknown }).type === "Buffer")
          return Buffer.from((v as { data: number[] }).data).toString("utf8");
        if (typeof v === "bigint") return String(v);
        return v;
      }) ?? String(value)
    );
  } catch {
    return String(value);
  }
}

/** Subscription records (anything with an id and a clientState) anywhere in a trigger's or action's state. */
export function subscriptionRecords(state: unknown, seen = new Set<unknown>()): { id: string; clientState: string }[] {
  if (!state || typeof state !== "object" || seen.has(state)) return [];
  seen.add(state);
  const here = state as { id?: unknown; clientState?: unknown };
  const own = typeof here.id === "string" && typeof here.clientState === "string" ? [here as never] : [];
  return [...own, ...Object.values(state).flatMap((v) => subscriptionRecords(v, seen))];
}
