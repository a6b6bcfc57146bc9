// The machine and software a run happened on, for the report.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { ROOT } from "./servers.js";

export interface Meta {
  date: string;
  command: string;
  nproc: number;
  cpuModel: string;
  ramGiB: number;
  kernel: string;
  node: string;
  chromium: string;
  packages: Record<string, string>;
  gitCommit: string;
  loadavgStart: number[];
  loadavgEnd?: number[];
}

function safe(fn: () => string, fallback = "unknown"): string {
  try {
    return fn().trim() || fallback;
  } catch {
    return fallback;
  }
}

export const CHROMIUM = "/usr/bin/chromium";

export function chromiumVersion(): string {
  return safe(() =>
    execFileSync(CHROMIUM, ["--version"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"], timeout: 10_000 }),
  );
}

function packageVersion(name: string): string {
  return safe(
    () =>
      (JSON.parse(readFileSync(path.join(ROOT, "node_modules", name, "package.json"), "utf8")) as { version: string })
        .version,
  );
}

export function collectMeta(command: string): Meta {
  const cpuinfo = safe(() => readFileSync("/proc/cpuinfo", "utf8"), "");
  return {
    date: new Date().toISOString(),
    command,
    nproc: Number(safe(() => execFileSync("nproc", { encoding: "utf8" }), String(os.availableParallelism()))),
    cpuModel: /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1] ?? os.cpus()[0]?.model ?? "unknown",
    ramGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    kernel: `${os.type()} ${os.release()}`,
    node: process.version,
    chromium: chromiumVersion(),
    packages: Object.fromEntries(
      ["socket.io", "socket.io-client", "engine.io", "ws", "peer", "express", "playwright-core", "tsx"].map((n) => [
        n,
        packageVersion(n),
      ]),
    ),
    gitCommit: safe(
      () =>
        execFileSync("git", ["rev-parse", "--short", "HEAD"], {
          cwd: ROOT,
          encoding: "utf8",
          stdio: ["ignore", "pipe", "ignore"],
        }),
      "none (no commit yet)",
    ),
    loadavgStart: os.loadavg().map((v) => Math.round(v * 100) / 100),
  };
}
