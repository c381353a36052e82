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

  advance(ms: number): void {
    this.offsetMs += ms;
  }

  reset(): void {
    this.offsetMs = 0;
  }
}
