// SlidingWindow on a Redis sorted set (one script per take), with an in-memory window that takes over while Redis
// is away, so a limit never fails open: during an outage each process limits on its own.
import { nanoid } from "nanoid";
import type { CodecamRedis } from "./scripts.js";
import { MemorySlidingWindow } from "../memory/sliding-window.js";
import type { SlidingWindow, SlidingWindowOptions } from "../store.js";

const AWAY = new Set(["reconnecting", "close", "end"]);

/** Ids handed out by the fallback carry this mark, so giveBack returns them to the window that issued them. */
const LOCAL = "local:";

export class RedisSlidingWindow implements SlidingWindow {
  readonly #fallback: MemorySlidingWindow;

  constructor(
    private readonly redis: CodecamRedis,
    private readonly prefix: string,
    private readonly opts: SlidingWindowOptions,
  ) {
    this.#fallback = new MemorySlidingWindow(opts);
  }

  async take(key: string): Promise<{ ok: true; id: string } | { ok: false; retryAfterMs: number }> {
    // Between reconnect attempts Redis is known to be away: straight to memory. Otherwise try it (a command waits
    // for a connection in progress at most REDIS_COMMAND_TIMEOUT_MS).
    if (!AWAY.has(this.redis.status)) {
      try {
        const [ok, value] = await this.redis.codecamWindowTake(
          this.prefix,
          `${this.opts.keyPrefix}:${key}`,
          this.opts.points,
          this.opts.windowMs,
          nanoid(),
        );
        return ok === 1 ? { ok: true, id: String(value) } : { ok: false, retryAfterMs: Number(value) };
      } catch {
        // Fall through: Redis went away mid-call.
      }
    }
    const local = await this.#fallback.take(key);
    return local.ok ? { ok: true, id: LOCAL + local.id } : local;
  }

  async giveBack(key: string, id: string): Promise<void> {
    if (id.startsWith(LOCAL)) return this.#fallback.giveBack(key, id.slice(LOCAL.length));
    // A slot Redis holds and cannot give back now simply ages out with its window.
    await this.redis.zrem(`${this.prefix}sw:${this.opts.keyPrefix}:${key}`, id).catch(() => undefined);
  }
}
