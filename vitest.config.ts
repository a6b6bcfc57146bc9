// Unit and integration tests: Node only, loopback only, no browser (the e2e suite is Playwright's).
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["signaling/**/*.test.ts", "client/**/*.test.ts", "bench/**/*.test.ts"],
    environment: "node",
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Two cores: tests start real servers; files run in parallel, tests in a file one by one.
    maxWorkers: 2,
  },
});
