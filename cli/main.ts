import { findBlock } from "./catalog";
import { describe, describeText } from "./commands/describe";
import { list } from "./commands/list";
import { LISTEN_USAGE, listen } from "./commands/listen";
import { RUN_USAGE, run } from "./commands/run";
import { SIGNIN_USAGE, signin } from "./commands/signin";
import { exitCodeOf, usageError } from "./errors";
import { keepStdoutForResults, printError, writeOut } from "./output";
import { trustSandboxOnLoopback } from "./trust";

/**
 * `outlook <command> …` (`npx outlook`, `npm run cli --`): runs the component's blocks from a
 * terminal, against an embedded Graph sandbox, a running one, or a real tenant. Results are JSON
 * on stdout; errors one JSON object on stderr with a non-zero exit code (2: the command line is
 * wrong, 1: the work failed).
 */

const HELP = `Usage: outlook <command> [options]

Commands:
  list [--json]                 actions, triggers, data sources and connections, with their inputs
  describe <key> [--json]       one of them in full
  ${RUN_USAGE.replace("outlook ", "")}
                                runs an action; prints its result as JSON
  ${LISTEN_USAGE.replace("outlook ", "")}
                                deploys a trigger and prints each payload as a JSON line until Ctrl-C
  ${SIGNIN_USAGE.replace("outlook ", "")}
                                signs a person in; prints the refresh token
  help                          this text

Where it runs: an embedded sandbox by default; --sandbox-url URL for a running one (npm run sandbox);
a real tenant when OUTLOOK_TENANT is set (README, "Command line").
`;

const COMMANDS: Record<string, (argv: string[]) => Promise<number>> = { list, describe, run, listen, signin };

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === "help" || command === "--help" || command === "-h") {
    await writeOut(HELP);
    return command ? 0 : 2;
  }
  const handler = COMMANDS[command];
  if (!handler) throw usageError(`Unknown command '${command}'. Commands: ${Object.keys(COMMANDS).join(", ")}.`);
  if (rest.includes("--help")) {
    // `outlook run sendMessage --help` describes sendMessage; otherwise the general help.
    const block = ["run", "listen", "describe"].includes(command) ? findBlock(rest[0]) : undefined;
    await writeOut(block ? describeText(block) : HELP);
    return 0;
  }
  return handler(rest);
}

/** Runs the command line of this process and exits with its code. */
export function start(): void {
  keepStdoutForResults();
  trustSandboxOnLoopback();
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      printError(error);
      process.exit(exitCodeOf(error));
    },
  );
}

if (require.main === module) start();
