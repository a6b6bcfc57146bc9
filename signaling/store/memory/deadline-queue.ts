// When codes die, in the order they do: the memory store finds dead codes from the head of a queue, not by a walk.
import type { RoomCode } from "../../protocol.js";

/**
 * Codes with deadlines pushed in non-decreasing order; popDue takes those whose deadline has passed. A Map keeps
 * insertion order, so its head is the earliest deadline, and a code that no longer needs one (a joined code, a
 * room that filled again) is dropped at once: the queue holds only codes that may still die, not every code
 * issued in the last CODE_TTL.
 */
export class DeadlineQueue {
  readonly #at = new Map<RoomCode, number>();

  /** Queues `code` at the tail; a code already queued moves there, so the order stays the order of deadlines. */
  push(code: RoomCode, at: number): void {
    this.#at.delete(code);
    this.#at.set(code, at);
  }

  drop(code: RoomCode): void {
    this.#at.delete(code);
  }

  *popDue(now: number): Generator<RoomCode> {
    for (const [code, at] of this.#at) {
      if (at > now) return;
      this.#at.delete(code);
      yield code;
    }
  }

  get size(): number {
    return this.#at.size;
  }

  clear(): void {
    this.#at.clear();
  }
}
