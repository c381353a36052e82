/** The furthest the clock moves in one step: 100 years (dates stay far inside what Date can hold). */
export const MAX_ADVANCE_MS = 100 * 365.25 * 24 * 3600 * 1000;

/** 9999-12-31T23:59:59Z: the last instant Graph's DateTimeOffset values can name. */
const LATEST_MS = 253402300799000;

/** The sandbox's clock. Tests move it ahead (tokens expire, subscriptions lapse) without waiting. */
export class Clock {
  private offsetMs = 0;

  now(): number {
    return Date.now() + this.offsetMs;
  }

  date(): Date {
    return new Date(this.now());
  }

  /** ISO 8601 in UTC with seven fractional digits, as Graph writes DateTimeOffset values ("2026-11-22T10:01:02Z"). */
  iso(ms = this.now()): string {
    return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
  }

  /** Moves the clock by `ms` (a finite amount, at most 100 years either way, ending within 1970..10000). */
  advance(ms: number): void {
    const next = Date.now() + this.offsetMs + ms;
    if (!Number.isFinite(ms) || Math.abs(ms) > MAX_ADVANCE_MS || next < 0 || next > LATEST_MS)
      throw new RangeError(`cannot move the sandbox clock by ${ms} ms`);
    this.offsetMs += ms;
  }

  reset(): void {
    this.offsetMs = 0;
  }
}
