import { spawnSync } from "node:child_process";
import { join } from "node:path";

/** `npm start`, the README's main job, runs end to end on the embedded sandbox and exits 0. */
it("runs the main job against the embedded sandbox", () => {
  const root = join(__dirname, "../../..");
  const run = spawnSync(
    process.execPath,
    [join(root, "node_modules/tsx/dist/cli.mjs"), join(root, "scripts/start.ts")],
    {
      cwd: root,
      env: { ...process.env, NODE_EXTRA_CA_CERTS: join(root, "sandbox/certs/ca.pem") },
      encoding: "utf8",
      timeout: 120_000,
    },
  );
  expect(run.stderr).toBe("");
  expect(run.status).toBe(0);
  expect(run.stdout).toMatch(
    new RegExp(
      "^3\\. Send Message done .* via draft: quarterly-report\\.bin \\(12582912 bytes, uploadSession\\); " +
        "3 chunks of at most 4194304 bytes, none with an Authorization header: true$",
      "m",
    ),
  );
  expect(run.stdout).toMatch(/identical to what was sent/);
});
