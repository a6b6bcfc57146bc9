// In-memory Backend: one process, no external service. The embedded default of `npm start`.
import { RateLimiterMemory } from "rate-limiter-flexible";
import type { Backend } from "../store.js";
import { MemoryRoomStore, type MemoryStoreOptions } from "./room-store.js";
import { MemorySlidingWindow } from "./sliding-window.js";

export function createMemoryBackend(opts: MemoryStoreOptions): Backend {
  const rooms = new MemoryRoomStore(opts);
  const windows: MemorySlidingWindow[] = [];
  return {
    rooms,
    createLimiter: ({ keyPrefix, points, durationSeconds }) =>
      new RateLimiterMemory({ keyPrefix, points, duration: durationSeconds }),
    createSlidingWindow: (windowOpts) => {
      const w = new MemorySlidingWindow(windowOpts, opts.now);
      windows.push(w);
      return w;
    },
    close: async () => {
      rooms.close();
      for (const w of windows) w.close();
    },
  };
}
