/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  transform: {
    // Type checking is `npm run typecheck`'s job; with isolatedModules (tsconfig) tests only transpile, which keeps them fast.
    "^.+\\.ts$": "ts-jest",
  },
  testTimeout: 60000,
  maxWorkers: 2,
};
