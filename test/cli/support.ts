import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { createInterface } from "node:readline";

/**
 * The runner as a person starts it (`cli/bin.js`, what `npx outlook` runs), in a child process,
 * with the same loopback-only guard every test runs under preloaded, and with no OUTLOOK_*
 * variable from the developer's own shell (so no test can reach a real tenant).
 */

export const ROOT = join(__dirname, "../..");
const PRELOAD = [
  "--require",
  join(ROOT, "node_modules/tsx/dist/cjs/index.cjs"),
  "--require",
  join(ROOT, "test/setup/loopbackOnly.ts"),
];

export function runnerEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith("OUTLOOK_")) env[k] = v;
  // The runner must trust the sandbox by itself, as it does when a person starts it.
  delete env.NODE_EXTRA_CA_CERTS;
  return { ...env, ...extra };
}

export interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `outlook …` to the end. */
export function runner(args: string[], env: Record<string, string> = {}): Promise<Finished> {
  const child = spawnRunner(args, env);
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (d) => (stdout += String(d)));
  child.stderr!.on("data", (d) => (stderr += String(d)));
  return new Promise((resolve) => child.on("close", (code) => resolve({ code, stdout, stderr })));
}

const started: ChildProcess[] = [];
afterAll(() => started.forEach((c) => c.exitCode === null && c.kill("SIGKILL")));

export function spawnRunner(args: string[], env: Record<string, string> = {}): ChildProcess {
  const child = spawn(process.execPath, [...PRELOAD, join(ROOT, "cli/bin.js"), ...args], {
    cwd: ROOT,
    env: runnerEnv(env),
    stdio: ["ignore", "pipe", "pipe"],
  });
  started.push(child);
  return child;
}

/** A long-running runner (listen, signin): its output so far, and a way to wait for a line. */
export interface Running {
  child: ChildProcess;
  stdout: string[];
  stderr: string[];
  line(stream: "stdout" | "stderr", match: RegExp, timeoutMs?: number): Promise<string>;
  exited: Promise<Finished>;
}

export function startRunner(args: string[], env: Record<string, string> = {}): Running {
  const child = spawnRunner(args, env);
  const lines = { stdout: [] as string[], stderr: [] as string[] };
  const waiters: { stream: "stdout" | "stderr"; match: RegExp; resolve: (l: string) => void }[] = [];
  for (const stream of ["stdout", "stderr"] as const) {
    createInterface({ input: child[stream]! }).on("line", (l) => {
      lines[stream].push(l);
      for (const w of waiters.filter((x) => x.stream === stream && x.match.test(l))) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(l);
      }
    });
  }
  const exited = new Promise<Finished>((resolve) =>
    child.on("close", (code) => resolve({ code, stdout: lines.stdout.join("\n"), stderr: lines.stderr.join("\n") })),
  );
  const line = (stream: "stdout" | "stderr", match: RegExp, timeoutMs = 20_000) => {
    const seen = lines[stream].find((l) => match.test(l));
    if (seen) return Promise.resolve(seen);
    return new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no ${stream} line matching ${match} in ${timeoutMs} ms; stderr: ${lines.stderr}`)),
        timeoutMs,
      );
      waiters.push({ stream, match, resolve: (l) => (clearTimeout(timer), resolve(l)) });
    });
  };
  return { child, stdout: lines.stdout, stderr: lines.stderr, line, exited };
}

/** The JSON error the runner wrote to stderr. */
export function errorOf(stderr: string): { code: string; type: string; property?: string; message: string } {
  const last = stderr.trim().split("\n").at(-1) ?? "";
  return (JSON.parse(last) as { error: { code: string; type: string; property?: string; message: string } }).error;
}

/** Waits until `check` holds, polling; fails with `what` after the timeout. */
export async function eventually(check: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
