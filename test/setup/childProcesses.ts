import { join } from "node:path";

/**
 * Jest's global setup, run once in the parent process before any worker starts: child processes a test starts (the
 * command-line runner, the sandbox's own CLI, `npm start`, another Graph SDK, the benchmark's fresh processes) run
 * under the same loopback-only guard as the tests (loopbackOnly.ts), preloaded through NODE_OPTIONS with tsx. It is
 * set here because a test's own `process.env` is a copy that child processes never see; the workers and every
 * process they start inherit it, as long as a test passes the environment on (spawn's default).
 */
export default function guardChildProcesses(): void {
  const guard = join(__dirname, "loopbackOnly.ts");
  const preload = [join(__dirname, "../../node_modules/tsx/dist/cjs/index.cjs"), guard]
    .map((file) => `--require "${file}"`)
    .join(" ");
  if (!(process.env.NODE_OPTIONS ?? "").includes(guard))
    process.env.NODE_OPTIONS = [process.env.NODE_OPTIONS, preload].filter(Boolean).join(" ");
}
