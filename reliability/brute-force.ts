// The brute-force case, run beside the soak: how many code guesses the limits let through per hour from one
// address, whichever way it tries, and the odds they give of hitting a live code.
import type { Socket as Client } from "socket.io-client";
import { httpCall } from "../signaling/testing/raw-client.js";
import type { CaseResult } from "./attacks.js";
import { ask, connect } from "./probe.js";
import type { ServerProcess } from "./server.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Answer = { ok: boolean; error?: { code: string } };
const NO_ANSWER = "NO_ANSWER";
const noAnswer = (): Answer => ({ ok: false, error: { code: NO_ANSWER } });

/**
 * Guesses `code` on a socket that keeps guessing. A right guess (the suite's own pairs keep hundreds of codes live,
 * emptied rooms among them for ROOM_GRACE_SECONDS) puts the socket in that room; it leaves again, as a guesser
 * would, so its next guess is a guess and not an ALREADY_IN_ROOM answer.
 */
async function guessOn(s: Client, code: string): Promise<Answer> {
  const res = await ask<Answer>(s, "join_room", { code, type: "viewer" }).catch(noAnswer);
  if (res.ok) await ask(s, "leave_room").catch(noAnswer);
  return res;
}

/**
 * Brute force from five addresses at once, each its own way: one socket, a new socket per guess, 20 sockets in
 * parallel, a spoofed X-Forwarded-For (no proxy is trusted), and the /api/config route. The figure is the
 * guesses the server actually decided (not refused by the limit) per hour, and the odds they give.
 */
export async function bruteForce(server: ServerProcess, seconds: number): Promise<CaseResult> {
  const decided: Record<string, number> = {
    "one socket": 0,
    "socket per guess": 0,
    "20 parallel sockets": 0,
    "spoofed X-Forwarded-For": 0,
    "/api/config": 0,
  };
  const worstWindow: number[] = [];
  const t0 = Date.now();
  const guess = () => String(Math.floor(Math.random() * 1e6)).padStart(6, "0");
  const running = () => Date.now() - t0 < seconds * 1000;
  const hits: Record<string, number> = {};
  // A guess the server decided: it looked the code up and said yes or no. A refusal by the limit, or an ask that
  // got no answer at all, decided nothing.
  const counted = (kind: string, res: Answer) => {
    if (res.ok) hits[kind] = (hits[kind] ?? 0) + 1;
    if (res.ok || (res.error !== undefined && res.error.code !== "RATE_LIMITED" && res.error.code !== NO_ANSWER))
      decided[kind]!++;
  };
  // Send and answer times of the single socket's decided guesses. The server takes its slot somewhere between
  // the two, so guesses i..j break the window only if j was answered less than 60 s after i was sent.
  const times: Array<{ sent: number; answered: number }> = [];
  const note = (kind: string, sent: number, res: Answer) => {
    const n = decided[kind]!;
    counted(kind, res);
    // The window limits failed joins; a right guess is decided but is not a failure.
    if (decided[kind]! > n && !res.ok && kind === "one socket") times.push({ sent, answered: Date.now() });
  };
  await Promise.all([
    (async () => {
      const s = await connect(server.url, "127.0.0.21");
      while (running()) {
        const sent = Date.now();
        note("one socket", sent, await guessOn(s, guess()));
        await sleep(25);
      }
      s.disconnect();
    })(),
    (async () => {
      while (running()) {
        const s = await connect(server.url, "127.0.0.22").catch(() => undefined);
        if (s) {
          counted("socket per guess", await guessOn(s, guess()));
          s.disconnect();
        }
        await sleep(25);
      }
    })(),
    (async () => {
      const ss = await Promise.all(Array.from({ length: 20 }, () => connect(server.url, "127.0.0.23")));
      while (running()) {
        await Promise.all(ss.map(async (s) => counted("20 parallel sockets", await guessOn(s, guess()))));
        await sleep(25);
      }
      for (const s of ss) s.disconnect();
    })(),
    (async () => {
      let i = 0;
      while (running()) {
        const s = await connect(server.url, "127.0.0.24", {
          extraHeaders: { "X-Forwarded-For": `198.51.100.${i++ % 250}` },
        }).catch(() => undefined);
        if (s) {
          counted("spoofed X-Forwarded-For", await guessOn(s, guess()));
          s.disconnect();
        }
        await sleep(25);
      }
    })(),
    (async () => {
      while (running()) {
        const a = await httpCall(`${server.url}/api/config?code=${guess()}`, { localAddress: "127.0.0.25" }).catch(
          () => ({ status: 0 }),
        );
        if (a.status === 200) decided["/api/config"]!++;
        await sleep(10);
      }
    })(),
  ]);
  // The most guesses of the single-socket attacker inside any 60 s: the sliding window's promise.
  for (let i = 0; i < times.length; i++) {
    const start = times[i]!.sent;
    worstWindow.push(times.slice(i).filter((t) => t.answered < start + 60_000).length);
  }
  const elapsedH = (Date.now() - t0) / 3_600_000;
  const perHour = Object.values(decided).map((n) => n / elapsedH);
  const worstPerHour = Math.max(...perHour);
  // Odds that one address hits one of 100 live codes within an hour at its achieved rate.
  const odds = 1 - (1 - 100 / 1e6) ** worstPerHour;
  return {
    name: "brute force: five ways from five addresses",
    figure: `decided guesses/hour ${Object.entries(decided)
      .map(([k, n]) => `${k} ${Math.round(n / elapsedH)}`)
      .join(", ")}; most in any 60 s (one socket) ${Math.max(0, ...worstWindow)}; right guesses ${
      Object.entries(hits)
        .map(([k, n]) => `${k} ${n}`)
        .join(", ") || "none"
    }; odds of hitting one of 100 live codes in an hour from one address ${(odds * 100).toFixed(2)} %`,
    pass:
      Math.max(0, ...worstWindow) <= 10 &&
      Object.entries(decided).every(([k, n]) => n - (hits[k] ?? 0) <= 10 * Math.ceil(seconds / 60) + 10),
  };
}
