// The protocol suite a second time, across processes: the same test files, with every test server being two
// servers on one real Redis (signaling/testing/support.ts). `npm run test:redis`.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: [
      "signaling/rooms/handlers.test.ts",
      "signaling/rooms/signal-relay.test.ts",
      "signaling/http/http-app.test.ts",
      "signaling/guards/join-guard.test.ts",
      "signaling/rooms/fuzz.test.ts",
      "signaling/rooms/remove-peer.test.ts",
      "signaling/third-party.test.ts",
    ],
    globalSetup: ["vitest.redis.setup.ts"],
    environment: "node",
    testTimeout: 30_000,
    hookTimeout: 30_000,
    maxWorkers: 2,
  },
});
