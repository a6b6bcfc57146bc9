// Concurrent connections per client address and in total, counted from the handshake that is let in to the
// close of the connection it made. Refused at the handshake (Engine.IO's allowRequest: HTTP 403), before any
// state exists for the socket.

/** A handshake let in but not yet a connection is released after this, in case it never becomes one. */
const PENDING_MS = 10_000;

export class ConnectionLimits {
  readonly #perAddress = new Map<string, number>();
  readonly #pending = new Map<object, { key: string; timer: NodeJS.Timeout }>();
  #total = 0;

  constructor(
    private readonly maxPerAddress: number,
    private readonly maxTotal: number,
  ) {}

  /**
   * Holds a slot for the handshake `req` from address `key`, or says why not. Counted at once (not when the
   * connection forms, which Engine.IO does after an await), so a burst of handshakes cannot overshoot the cap.
   */
  admit(req: object, key: string): string | undefined {
    if (this.#total >= this.maxTotal) return "the server is at its connection limit; retry shortly";
    if ((this.#perAddress.get(key) ?? 0) >= this.maxPerAddress) return "too many connections from this address";
    this.#add(key, 1);
    const timer = setTimeout(() => this.#release(req), PENDING_MS).unref();
    this.#pending.set(req, { key, timer });
    return undefined;
  }

  /**
   * The handshake `req` made a connection: its slot is held until release() is called with the key returned
   * here (undefined: the handshake holds no slot).
   */
  connected(req: object): string | undefined {
    const pending = this.#pending.get(req);
    if (!pending) return undefined;
    clearTimeout(pending.timer);
    this.#pending.delete(req);
    return pending.key;
  }

  /** The connection holding a slot for `key` closed. */
  release(key: string): void {
    this.#add(key, -1);
  }

  /** The handshake failed after it was let in (Engine.IO's connection_error). */
  failed(req: object): void {
    this.#release(req);
  }

  get total(): number {
    return this.#total;
  }

  countFor(key: string): number {
    return this.#perAddress.get(key) ?? 0;
  }

  #release(req: object): void {
    const pending = this.#pending.get(req);
    if (!pending) return;
    clearTimeout(pending.timer);
    this.#pending.delete(req);
    this.#add(pending.key, -1);
  }

  #add(key: string, n: number): void {
    this.#total += n;
    const next = (this.#perAddress.get(key) ?? 0) + n;
    if (next > 0) this.#perAddress.set(key, next);
    else this.#perAddress.delete(key);
  }
}
