/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testPathIgnorePatterns: ["/node_modules/", "/test/setup/"],
  transform: {
    // Type checking is `npm run typecheck`'s job; with isolatedModules (tsconfig) tests only transpile,
    // which keeps them fast.
    "^.+\\.ts$": "ts-jest",
  },
  // No test may reach anything but loopback (see the file).
  setupFiles: ["<rootDir>/test/setup/loopbackOnly.ts", "<rootDir>/test/setup/trustSandboxCa.ts"],
  // ... and in every child process a test starts (see the file).
  globalSetup: "<rootDir>/test/setup/childProcesses.ts",
  testTimeout: 60000,
  maxWorkers: 2,
};
