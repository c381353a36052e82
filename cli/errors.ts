/**
 * The runner's own errors, shaped like the component's typed errors (a stable `code`, the
 * `property` at fault, a message that says what to fix), so a script reads one error format
 * whichever side found the problem. A usage error means the command line itself is wrong.
 */
export class CliError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly property?: string,
    /** 2 when the command line is wrong, 1 when the work failed. */
    readonly exitCode = 2,
  ) {
    super(message);
    this.name = "CliError";
  }
}

export const usageError = (message: string) => new CliError("Usage", message);

/** The JSON written to stderr for a failure: never a stack, never a secret (the caller redacts). */
export interface ErrorReport {
  code: string;
  type: string;
  message: string;
  property?: string;
  step?: string;
  status?: number;
  graphCode?: string;
  requestId?: string;
  aadstsCodes?: number[];
}

/** Reads the fields the component's typed errors carry, whatever their class. */
export function errorReport(error: unknown): ErrorReport {
  if (!(error instanceof Error)) return { code: "Error", type: "Error", message: String(error) };
  const e = error as Error & Record<string, unknown>;
  const pick = <T>(key: string, kind: string): T | undefined => (typeof e[key] === kind ? (e[key] as T) : undefined);
  const report: ErrorReport = {
    code: pick<string>("code", "string") ?? "Error",
    type: e.name,
    message: e.message,
  };
  const property = pick<string>("property", "string");
  if (property) report.property = property;
  const step = pick<string>("step", "string");
  if (step) report.step = step;
  const status = pick<number>("status", "number");
  if (status !== undefined) report.status = status;
  const graphCode = pick<string>("graphCode", "string");
  if (graphCode) report.graphCode = graphCode;
  const requestId = pick<string>("requestId", "string");
  if (requestId) report.requestId = requestId;
  if (Array.isArray(e.aadstsCodes) && e.aadstsCodes.length) report.aadstsCodes = e.aadstsCodes as number[];
  return report;
}

export function exitCodeOf(error: unknown): number {
  return error instanceof CliError ? error.exitCode : 1;
}
