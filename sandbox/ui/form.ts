import type { RouteContext } from "../router";

/** A control's submitted values (an HTML form's fields, or a JSON object), and checks that name the field at fault. */

export class FormError extends Error {}

export class Form {
  constructor(private readonly values: URLSearchParams) {}

  static of(ctx: RouteContext): Form {
    const text = ctx.body.toString("utf8");
    const type = String(ctx.req.headers["content-type"] ?? "");
    if (!/json/i.test(type)) return new Form(new URLSearchParams(text));
    let parsed: unknown;
    try {
      parsed = text.trim() ? JSON.parse(text) : {};
    } catch {
      throw new FormError("The body must be a form or a JSON object.");
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed))
      throw new FormError("The body must be a form or a JSON object.");
    const values = new URLSearchParams();
    for (const [k, v] of Object.entries(parsed as Record<string, unknown>))
      for (const item of Array.isArray(v) ? v : [v]) values.append(k, String(item));
    return new Form(values);
  }

  text(name: string, maxLength = 200): string {
    const value = (this.values.get(name) ?? "").trim();
    if (value.length > maxLength) throw new FormError(`${name} may be at most ${maxLength} characters.`);
    return value;
  }

  all(name: string): string[] {
    return this.values.getAll(name).map((v) => v.trim());
  }

  /** A number within [min, max]; `fallback` when the field is empty (an error when there is none). */
  number(name: string, min: number, max: number, fallback?: number, whole = true): number {
    const raw = this.text(name, 40);
    if (!raw && fallback !== undefined) return fallback;
    const n = Number(raw);
    if (!raw || !Number.isFinite(n) || n < min || n > max || (whole && !Number.isInteger(n)))
      throw new FormError(`${name} must be ${whole ? "a whole number" : "a number"} from ${min} to ${max}.`);
    return n;
  }

  choice<T extends string>(name: string, choices: readonly T[], fallback?: T): T {
    const raw = this.text(name, 60);
    if (!raw && fallback !== undefined) return fallback;
    if (!choices.includes(raw as T)) throw new FormError(`${name} must be one of ${choices.join(", ")}.`);
    return raw as T;
  }

  /** A regular expression to match paths with, or undefined when empty. */
  pattern(name: string): RegExp | undefined {
    const raw = this.text(name, 200);
    if (!raw) return undefined;
    try {
      return new RegExp(raw, "i");
    } catch {
      throw new FormError(`${name} is not a valid regular expression.`);
    }
  }

  flag(name: string): boolean {
    return ["1", "true", "on"].includes(this.text(name, 10).toLowerCase());
  }
}
