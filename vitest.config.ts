// Vitest runs two projects. Both are Node only and loopback only, with real servers on port 0 and real
// socket.io-client sockets; the e2e suite is Playwright's.
//   unit:        fast, nothing but Node (`npm run test:unit`)
//   integration: tests that start an outside program, Chromium or Python (`npm run test:integration`)
// A test that starts such a program is named *.integration.test.ts, or listed in INTEGRATION below.
import { defineConfig } from "vitest/config";

const INTEGRATION = [
  "**/*.integration.test.ts",
  // Runs `npm run bench --smoke`: Chromium and the pages, up to four minutes.
  "bench/bench.smoke.test.ts",
  // python-socketio, a client nobody on the team wrote, as a Python subprocess.
  "signaling/third-party.test.ts",
];

export default defineConfig({
  test: {
    environment: "node",
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Two cores: tests start real servers; files run in parallel, tests in a file one by one.
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["signaling/**/*.test.ts", "client/**/*.test.ts", "bench/**/*.test.ts"],
          exclude: INTEGRATION,
        },
      },
      {
        extends: true,
        test: { name: "integration", include: INTEGRATION },
      },
    ],
  },
});
