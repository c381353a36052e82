import { CliError, parseCliArgs, USAGE } from "../../sandbox/cliOptions";

/** The command line's flags (the CLI itself, as a child process, is cli.test.ts). */

it("reads the fault, delta, timeout and public URL flags into the sandbox's options", () => {
  const { options, help } = parseCliArgs([
    "--fault-rate",
    "0.1",
    "--fault-after-rate",
    "0.25",
    "--fault-kinds",
    "gatewayTimeout, reset",
    "--fault-before-kinds",
    "throttle,reset",
    "--fault-retry-after",
    "0",
    "--slow-ms",
    "1500",
    "--delta-token-lifetime",
    "0",
    "--request-timeout-ms",
    "5000",
    "--public-url",
    "https://sandbox.example:8443/ignored/path",
    "--throttle",
    "outlook",
  ]);
  expect(help).toBe(false);
  expect(options).toMatchObject({
    faultRate: 0.1,
    faultAfterRate: 0.25,
    faultKinds: ["gatewayTimeout", "reset"],
    faultBeforeKinds: ["throttle", "reset"],
    faultRetryAfterSeconds: 0,
    slowMs: 1500,
    deltaTokenLifetimeSeconds: 0,
    requestTimeoutMs: 5000,
    publicUrl: "https://sandbox.example:8443",
    throttle: "outlook",
  });
});

it.each([
  [["--fault-after-rate", "1.5"], /--fault-after-rate must be a number from 0 to 1/],
  [["--fault-after-rate", ""], /--fault-after-rate must be a number/],
  [["--fault-kinds", "gatewayTimeout,explode"], /--fault-kinds takes gatewayTimeout, reset, resetMidResponse/],
  [["--fault-before-kinds", "throttle,crash"], /--fault-before-kinds takes throttle, unavailable, gatewayTimeout/],
  [["--fault-retry-after=-1"], /--fault-retry-after must be a number from 0/],
  [["--slow-ms=-1"], /--slow-ms must be a number from 0/],
  [["--delta-token-lifetime", "forever"], /--delta-token-lifetime must be a number/],
  [["--request-timeout-ms", "5"], /--request-timeout-ms must be a number from 100/],
  [["--public-url", "ftp://x"], /--public-url must be an http\(s\) URL/],
  [["--public-url", "not a url"], /--public-url must be an http\(s\) URL/],
])("refuses %j", (args, message) => {
  expect(() => parseCliArgs(args)).toThrow(CliError);
  expect(() => parseCliArgs(args)).toThrow(message);
});

it("documents every flag in --help", () => {
  const flags = ["--fault-rate", "--fault-before-kinds", "--fault-retry-after", "--fault-after-rate", "--fault-kinds"];
  for (const flag of [...flags, "--slow-ms", "--delta-token-lifetime"]) expect(USAGE).toContain(flag);
  expect(parseCliArgs(["--help"]).help).toBe(true);
});
