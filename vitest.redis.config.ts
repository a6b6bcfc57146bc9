// The protocol suite a second time, across processes: the same test files, with every test server being two
// servers on one real Redis (signaling/test-support.ts). `npm run test:redis`.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: [
      "signaling/handlers.test.ts",
      "signaling/signal-relay.test.ts",
      "signaling/http-routes.test.ts",
      "signaling/rate-limit.test.ts",
      "signaling/fuzz.test.ts",
      "signaling/third-party.test.ts",
    ],
    globalSetup: ["vitest.redis.setup.ts"],
    environment: "node",
    testTimeout: 30_000,
    hookTimeout: 30_000,
    maxWorkers: 2,
  },
});
