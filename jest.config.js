/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  transform: {
    // Type checking is `npm run typecheck`'s job; tests only transpile, which keeps them fast.
    "^.+\\.ts$": ["ts-jest", { isolatedModules: true }],
  },
  testTimeout: 60000,
  maxWorkers: 2,
};
