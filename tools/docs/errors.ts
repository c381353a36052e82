import { code } from "./markdown";

/**
 * The typed errors table: every error class of src/errors.ts with its stable code (read from the class itself), and
 * beside it the hand-written columns of docs/partials/errors-table.md (a markdown table whose first column names the
 * class): the .NET exception it corresponds to, when it happens, and example `property` values. A class without a
 * row, or a row naming no class, stops the generator: the table always lists exactly the component's errors.
 */

type ErrorClass = new (...args: unknown[]) => Error & { code: string };

export class ErrorsTableError extends Error {}

/** The error classes of a module: every export that is a subclass of its `OutlookError` (the base itself left out). */
export function errorClasses(errors: Record<string, unknown>): { name: string; code: string }[] {
  const base = errors.OutlookError as (abstract new (...args: never[]) => Error) | undefined;
  if (!base) throw new ErrorsTableError("src/errors.ts exports no OutlookError.");
  return Object.entries(errors)
    .filter(([, value]) => typeof value === "function" && value !== base && value.prototype instanceof base)
    .map(([name, value]) => ({ name, code: new (value as ErrorClass)("property", "message").code }));
}

/** Rows of a markdown table by their first cell, each the other cells in order (the header row left out). */
function rowsOf(table: string): Map<string, string[]> {
  const lines = table.split("\n").filter((l) => l.trim().startsWith("|"));
  const rows = new Map<string, string[]>();
  for (const line of lines.slice(2)) {
    const cells = line
      .trim()
      .replace(/^\||\|$/g, "")
      .split(/(?<!\\)\|/)
      .map((c) => c.trim());
    rows.set(cells[0].replace(/`/g, ""), cells.slice(1));
  }
  return rows;
}

export function errorsTable(errors: Record<string, unknown>, handWritten: string): string {
  const classes = errorClasses(errors);
  const rows = rowsOf(handWritten);
  for (const c of classes)
    if (!rows.has(c.name))
      throw new ErrorsTableError(`docs/partials/errors-table.md has no row for ${c.name} of src/errors.ts.`);
  for (const name of rows.keys())
    if (!classes.some((c) => c.name === name))
      throw new ErrorsTableError(`docs/partials/errors-table.md has a row for ${name}, which src/errors.ts lacks.`);
  // In the partial's order: a module's export order depends on how it was compiled.
  const order = [...rows.keys()];
  classes.sort((a, b) => order.indexOf(a.name) - order.indexOf(b.name));
  const body = classes.map((c) => `| ${code(c.name)} (${code(c.code)}) | ${rows.get(c.name)!.join(" | ")} |`);
  return [
    "| Error (`code`) | .NET exception | When | `property` examples |",
    "| --- | --- | --- | --- |",
    ...body,
  ].join("\n");
}
