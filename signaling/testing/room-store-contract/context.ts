// What every topic of the RoomStore contract shares: the harness a store's test file supplies, and clock helpers
// that let one case read the same on an injected clock and on Redis's own.
import type { JoinRequest, JoinResult, RoomStore } from "../../store/store.js";

export interface StoreHarness {
  store: RoomStore;
  /** Lets `ms` of the store's time pass: an injected clock moves at once; a real one is waited for. */
  advance(ms: number): Promise<void>;
  /** The store's clock now (ms since the epoch). */
  now(): number;
  close(): Promise<void> | void;
}

export interface StoreRules {
  codeTtlMs: number;
  roomGraceMs: number;
  maxViewers: number;
}

export interface ContractOptions {
  /** Makes a fresh, empty store with these rules. */
  make(rules: StoreRules): Promise<StoreHarness>;
  codeTtlMs: number;
  roomGraceMs: number;
  /**
   * True when time only moves when told (a deadline can be tested to the millisecond). False for a real clock:
   * "still live just before the deadline" is then checked right away, and "gone" after the deadline plus marginMs.
   */
  exactClock: boolean;
  marginMs: number;
  /** Codes the next draws return, in order (the test file mocks nanoid's customAlphabet to read it). */
  forcedDraws: string[];
}

type Ok = Extract<JoinResult, { ok: true }>;
type Refused = Extract<JoinResult, { ok: false }>;

export async function joinOk(store: RoomStore, req: JoinRequest): Promise<Ok> {
  const res = await store.join(req);
  if (!res.ok) throw new Error(`join ${req.socketId} refused: ${res.reason}`);
  return res;
}

export async function joinRefused(store: RoomStore, req: JoinRequest): Promise<Refused> {
  const res = await store.join(req);
  if (res.ok) throw new Error(`join ${req.socketId} unexpectedly succeeded`);
  return res;
}

/** What each topic's cases are written against: the rules, the clock helpers and a maker of fresh stores. */
export interface ContractContext {
  TTL: number;
  GRACE: number;
  exact: boolean;
  forcedDraws: string[];
  /** How far past a deadline to go to be sure it has passed. */
  past(ms: number): number;
  /** How far to go to be still before a deadline of `ms` from now, and then the rest of the way past it. */
  justBefore(ms: number): number;
  rest(ms: number): number;
  /** Clock skew allowed between the test and the store (Redis reads its own clock). */
  skew: number;
  /** A fresh store with the suite's rules and these overrides, closed after the case. */
  make(overrides?: Partial<StoreRules>): Promise<StoreHarness>;
}

/** The context for one store; every harness `make` opens is pushed onto `open`, for the suite to close. */
export function contractContext(o: ContractOptions, open: StoreHarness[]): ContractContext {
  const TTL = o.codeTtlMs;
  const GRACE = o.roomGraceMs;
  const exact = o.exactClock;
  return {
    TTL,
    GRACE,
    exact,
    forcedDraws: o.forcedDraws,
    past: (ms) => (exact ? ms : ms + o.marginMs),
    justBefore: (ms) => (exact ? ms - 1 : 0),
    rest: (ms) => (exact ? 1 : ms + o.marginMs),
    skew: exact ? 0 : o.marginMs,
    make: async (overrides = {}) => {
      const h = await o.make({ codeTtlMs: TTL, roomGraceMs: GRACE, maxViewers: 4, ...overrides });
      open.push(h);
      return h;
    },
  };
}
