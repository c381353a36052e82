/**
 * HTML made safe by construction: `html` is a tagged template whose interpolated values are escaped
 * (mail subjects, display names, headers and paths are attacker-controlled), unless they are `Html`
 * already built the same way. Attribute values are always written in double quotes.
 */

export class Html {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

/** What may be interpolated: text (escaped), numbers, nested Html, lists of these, or nothing. */
export type Part = Html | string | number | boolean | null | undefined | Part[];

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
  "`": "&#96;",
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (c) => ESCAPES[c]);
}

function render(part: Part): string {
  if (part instanceof Html) return part.text;
  if (Array.isArray(part)) return part.map(render).join("");
  if (part === null || part === undefined || part === false || part === true) return "";
  return escapeHtml(String(part));
}

export function html(strings: TemplateStringsArray, ...values: Part[]): Html {
  let out = strings[0];
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1];
  return new Html(out);
}

/** Markup that is already safe (a constant of this module's callers, never data). */
export function trusted(text: string): Html {
  return new Html(text);
}

/** A path under the UI, each segment encoded once. */
export function uiPath(...segments: string[]): string {
  return ["/_sandbox/ui", ...segments.map((s) => encodeURIComponent(s))].join("/");
}

/** A query string from the values that are set ("" when none is). */
export function queryString(values: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) if (v !== undefined && v !== "") q.set(k, String(v));
  const text = q.toString();
  return text ? `?${text}` : "";
}

/** Bytes as people read them: 512 B, 3.1 KB, 20.0 MB. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** An ISO instant shortened for tables: "2026-05-04 10:01:02" (UTC). */
export function shortTime(iso: string | number | null | undefined): string {
  if (iso === null || iso === undefined || iso === "") return "";
  const ms = typeof iso === "number" ? iso : Date.parse(iso);
  if (!Number.isFinite(ms)) return String(iso);
  return new Date(ms).toISOString().slice(0, 19).replace("T", " ");
}
