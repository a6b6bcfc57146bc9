// Shaping the media path for the glass-to-glass figure, with tc inside the bench's own network namespace
// (e2e/isolated.sh). Both pages run in one Chromium in one namespace, so every packet between them, whichever
// candidate ICE picks (127.0.0.1 or the veth's 10.200.0.1, both addresses of this host), is routed through the
// loopback device: the veth never carries it. So the shaper sits on `lo`, and only UDP (the media: RTP, RTCP,
// STUN) goes through it; page loads and the signaling WebSocket (TCP) pass unshaped. This kernel has tbf and
// htb but no netem: a rate limit with a bounded queue, no added delay, loss or jitter.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

export interface ShapedLink {
  name: string;
  /** Megabits per second for all UDP on loopback; absent: loopback as it is. */
  rateMbit?: number;
}

export const LOOPBACK: ShapedLink = { name: "loopback" };
export const LINK_30: ShapedLink = { name: "30 Mbit/s", rateMbit: 30 };
export const LINK_4: ShapedLink = { name: "4 Mbit/s", rateMbit: 4 };
export const LINK_1_5: ShapedLink = { name: "1.5 Mbit/s", rateMbit: 1.5 };

/**
 * The tbf queue: packets that would wait longer than this are dropped. Home routers and phone uplinks often buffer
 * far more; 100 ms is enough for a 720p key frame at 4 Mbit/s to pass without loss, and small enough that an
 * overshooting sender sees its delay grow rather than hiding in a deep buffer.
 */
export const QUEUE_MS = 100;

/** The interfaces of this process's network namespace (/proc/self/net/dev is per namespace). */
export function interfaces(): string[] {
  try {
    return readFileSync("/proc/self/net/dev", "utf8")
      .split("\n")
      .slice(2)
      .map((line) => line.split(":")[0]!.trim())
      .filter(Boolean);
  } catch {
    return [];
  }
}

/**
 * True in e2e/isolated.sh's namespace: loopback and its own veth pair, nothing that leads off this machine. Only
 * then may the bench put a shaper on lo (anywhere else it would slow the machine's own loopback).
 */
export function inPrivateNetns(names = interfaces()): boolean {
  return names.includes("lo") && names.every((n) => ISOLATED.has(n));
}
const ISOLATED = new Set(["lo", "cc0", "cc1"]);

function tc(...args: string[]): string {
  return execFileSync("tc", args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 10_000 });
}

/** The tc commands for `link` (pure, for the report and the tests). */
export function shapingCommands(rateMbit: number): string[][] {
  // A bucket of at least 4 ms at the rate and at least 10 full packets: tbf drops what is bigger than its bucket.
  const burstBytes = Math.max(15_000, Math.round((rateMbit * 1e6 * 0.004) / 8));
  return [
    ["qdisc", "add", "dev", "lo", "root", "handle", "1:", "htb", "default", "1"],
    ["class", "add", "dev", "lo", "parent", "1:", "classid", "1:1", "htb", "rate", "10gbit"],
    ["class", "add", "dev", "lo", "parent", "1:", "classid", "1:2", "htb", "rate", "10gbit"],
    [
      "qdisc",
      "add",
      "dev",
      "lo",
      "parent",
      "1:2",
      "handle",
      "20:",
      "tbf",
      "rate",
      `${Math.round(rateMbit * 1000)}kbit`,
      "burst",
      `${burstBytes}`,
      "latency",
      `${QUEUE_MS}ms`,
    ],
    [
      "filter",
      "add",
      "dev",
      "lo",
      "parent",
      "1:",
      "protocol",
      "ip",
      "prio",
      "1",
      "u32",
      "match",
      "ip",
      "protocol",
      "17",
      "0xff",
      "flowid",
      "1:2",
    ],
    [
      "filter",
      "add",
      "dev",
      "lo",
      "parent",
      "1:",
      "protocol",
      "ipv6",
      "prio",
      "2",
      "u32",
      "match",
      "ip6",
      "protocol",
      "17",
      "0xff",
      "flowid",
      "1:2",
    ],
  ];
}

export interface Shaper {
  /** Bytes and drops through the shaped class so far: proof the media went through it. */
  counters(): { bytes: number; packets: number; dropped: number };
  remove(): void;
}

/** Shapes UDP on lo to `rateMbit`; throws outside a private network namespace (it would shape the machine's). */
export function shapeLoopback(rateMbit: number): Shaper {
  if (!inPrivateNetns())
    throw new Error(
      `not in e2e/isolated.sh's network namespace (interfaces: ${interfaces().join(", ")}): lo is not shaped`,
    );
  removeShaping();
  try {
    for (const cmd of shapingCommands(rateMbit)) tc(...cmd);
  } catch (err) {
    removeShaping();
    throw new Error(`tc failed: ${err instanceof Error ? err.message.split("\n")[0] : String(err)}`);
  }
  return {
    counters() {
      const out = tc("-s", "qdisc", "show", "dev", "lo");
      const tbf = out.slice(out.indexOf("qdisc tbf"));
      const m = /Sent (\d+) bytes (\d+) pkt \(dropped (\d+)/.exec(tbf);
      return m
        ? { bytes: Number(m[1]), packets: Number(m[2]), dropped: Number(m[3]) }
        : { bytes: 0, packets: 0, dropped: 0 };
    },
    remove: removeShaping,
  };
}

export function removeShaping(): void {
  if (!inPrivateNetns()) return;
  try {
    tc("qdisc", "del", "dev", "lo", "root");
  } catch {
    // nothing was there
  }
}
