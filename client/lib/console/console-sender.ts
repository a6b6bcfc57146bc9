// The laptop sends console commands at the phone's pace: one in flight until its result comes back (or a
// timeout), a short gap after each, and while one is out only the newest value per property waits. A slider
// dragged across its range becomes a handful of commands ending on the value where it was let go.
import type { ConsoleCommand, ConsoleMessage } from "./messages.js";
import { LatestQueue } from "./pacing.js";

/** Gap between commands: keeps a well-behaved laptop under the phone's rate limit (5 a second). */
export const SEND_SPACING_MS = 220;
/** A result that has not come back by then is given up on (the link may have dropped it). */
export const RESULT_TIMEOUT_MS = 5_000;

export interface SenderOptions {
  spacingMs?: number;
  timeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

export class ConsoleSender {
  #nextId = 1;
  readonly #waiting = new Map<number, () => void>();
  readonly #send: (msg: ConsoleMessage) => void;
  readonly #queue: LatestQueue<ConsoleCommand>;
  readonly #spacing: number;
  readonly #timeout: number;
  readonly #sleep: (ms: number) => Promise<void>;

  constructor(send: (msg: ConsoleMessage) => void, options: SenderOptions = {}) {
    this.#send = send;
    this.#spacing = options.spacingMs ?? SEND_SPACING_MS;
    this.#timeout = options.timeoutMs ?? RESULT_TIMEOUT_MS;
    this.#sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.#queue = new LatestQueue((cmd) => this.#run(cmd));
  }

  /** Asks the phone for `cmd`; a newer command for the same property replaces this one while it waits. */
  set(cmd: ConsoleCommand): void {
    this.#queue.push(cmd.prop, cmd);
  }

  /** A console-result arrived for `id`: the next command may go. */
  resolve(id: number): void {
    this.#waiting.get(id)?.();
    this.#waiting.delete(id);
  }

  /** True while a command is out or waiting (the panel keeps a dragged slider where the hand left it). */
  get busy(): boolean {
    return this.#queue.busy;
  }

  /** The link went away: waiting commands are dropped and the one out is not waited for. */
  reset(): void {
    this.#queue.clear();
    for (const done of this.#waiting.values()) done();
    this.#waiting.clear();
  }

  /** Resolves once nothing is out or waiting. */
  idle(): Promise<void> {
    return this.#queue.idle();
  }

  async #run(cmd: ConsoleCommand): Promise<void> {
    const id = this.#nextId++;
    const answered = new Promise<void>((resolve) => this.#waiting.set(id, resolve));
    this.#send({ t: "console-set", id, ...cmd });
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timedOut = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, this.#timeout);
    });
    await Promise.race([answered, timedOut]);
    clearTimeout(timer);
    this.#waiting.delete(id);
    await this.#sleep(this.#spacing);
  }
}
