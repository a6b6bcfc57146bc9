// When codes die, in the order they do: the memory store finds dead codes from the head of a queue, not by a walk.
import type { RoomCode } from "../../protocol.js";

/** Codes with deadlines pushed in non-decreasing order; popDue takes those whose deadline has passed. */
export class DeadlineQueue {
  #codes: RoomCode[] = [];
  #at: number[] = [];
  #head = 0;

  push(code: RoomCode, at: number): void {
    this.#codes.push(code);
    this.#at.push(at);
  }

  *popDue(now: number): Generator<RoomCode> {
    while (this.#head < this.#at.length && this.#at[this.#head]! <= now) yield this.#codes[this.#head++]!;
    // Compact now and then so the arrays do not keep what was popped.
    if (this.#head > 1_024 && this.#head * 2 > this.#at.length) {
      this.#codes = this.#codes.slice(this.#head);
      this.#at = this.#at.slice(this.#head);
      this.#head = 0;
    }
  }

  clear(): void {
    this.#codes = [];
    this.#at = [];
    this.#head = 0;
  }
}
