// Experiment (not part of `npm run bench`): what validating one ice_candidate costs with the server's zod
// schema (signaling/rooms/validate.ts) and with a hand-written check of the same rules, per call.
// Run: node --import tsx bench/experiments/validate-cost.ts
import { parseSignal } from "../../signaling/rooms/validate.js";
import { CANDIDATE } from "../payloads.js";

const msg = { room_code: "123456", candidate: { ...CANDIDATE }, to: "u0m8rqPB4orUa7JOAAAA" };

/** The same rules as validate.ts's ice_candidate schema, written out; copies only the known fields. */
function handParse(raw: unknown) {
  if (typeof raw !== "object" || raw === null) throw new Error("bad");
  const r = raw as Record<string, unknown>;
  const { room_code, to, candidate } = r;
  if (typeof room_code !== "string" || room_code.length > 64) throw new Error("bad");
  if (to !== undefined && (typeof to !== "string" || to.length < 1 || to.length > 64)) throw new Error("bad");
  if (typeof candidate !== "object" || candidate === null) throw new Error("bad");
  const c = candidate as Record<string, unknown>;
  if (typeof c.candidate !== "string" || c.candidate.length > 2048) throw new Error("bad");
  const out: Record<string, unknown> = { candidate: c.candidate };
  if (c.sdpMid !== undefined) {
    if (c.sdpMid !== null && (typeof c.sdpMid !== "string" || c.sdpMid.length > 256)) throw new Error("bad");
    out.sdpMid = c.sdpMid;
  }
  if (c.sdpMLineIndex !== undefined) {
    const i = c.sdpMLineIndex;
    if (i !== null && (typeof i !== "number" || !Number.isInteger(i) || i < 0 || i > 65535)) throw new Error("bad");
    out.sdpMLineIndex = i;
  }
  if (c.usernameFragment !== undefined) {
    if (c.usernameFragment !== null && (typeof c.usernameFragment !== "string" || c.usernameFragment.length > 256))
      throw new Error("bad");
    out.usernameFragment = c.usernameFragment;
  }
  return to === undefined ? { room_code, candidate: out } : { room_code, candidate: out, to };
}

function time(name: string, fn: () => unknown, n: number): void {
  for (let i = 0; i < 20_000; i++) fn(); // warm-up / JIT
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) fn();
  const ns = Number(process.hrtime.bigint() - t0) / n;
  console.log(`${name.padEnd(28)} ${(ns / 1000).toFixed(3)} µs per call`);
}

for (let round = 0; round < 3; round++) {
  time("zod parseSignal", () => parseSignal("ice_candidate", msg), 200_000);
  time("hand-written check", () => handParse(msg), 200_000);
  time("JSON.parse (the payload)", () => JSON.parse(JSON.stringify(msg)), 200_000);
}
