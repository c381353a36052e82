import { usageError } from "./errors";

/**
 * The command line, split into positionals and options. `--name value`, `--name=value` and, for
 * the switches a command declares, a bare `--name`. An option may repeat (`--to a --to b`);
 * every value is kept in order. Everything after `--` is positional. Nothing is guessed: a value
 * that starts with `--` must be written `--name=--value`.
 */
export interface ParsedArgs {
  positionals: string[];
  options: Map<string, string[]>;
}

export function parseArgs(argv: string[], switches: readonly string[] = []): ParsedArgs {
  const positionals: string[] = [];
  const options = new Map<string, string[]>();
  const add = (name: string, value: string) => options.set(name, [...(options.get(name) ?? []), value]);
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i];
    if (token === "--") {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!token.startsWith("--") || token.length === 2) {
      positionals.push(token);
      continue;
    }
    const eq = token.indexOf("=");
    const name = eq > 0 ? token.slice(2, eq) : token.slice(2);
    if (!name) throw usageError(`'${token}' is not an option name.`);
    if (eq > 0) add(name, token.slice(eq + 1));
    else if (switches.includes(name)) add(name, "true");
    else if (i + 1 < argv.length && !argv[i + 1].startsWith("--")) add(name, argv[++i]);
    else add(name, "true");
  }
  return { positionals, options };
}

/** Takes a runner option out of the parsed options (so what remains are the block's inputs). */
export function take(args: ParsedArgs, name: string): string | undefined {
  const values = args.options.get(name);
  args.options.delete(name);
  if (values && values.length > 1) throw usageError(`--${name} was given ${values.length} times; give it once.`);
  return values?.[0];
}

export function takeSwitch(args: ParsedArgs, name: string): boolean {
  const value = take(args, name);
  if (value === undefined) return false;
  if (value === "true") return true;
  if (value === "false") return false;
  throw usageError(`--${name} takes no value (got '${value}').`);
}

/** Fails on options a command does not know (for commands whose options are all the runner's). */
export function rejectRest(args: ParsedArgs, command: string): void {
  const [first] = args.options.keys();
  if (first !== undefined) throw usageError(`'${command}' has no option --${first}; see 'outlook help'.`);
}
