// The orchestrator's handle on the load generator child (bench/loadgen.ts, forked with an IPC channel).
import { fork, type ChildProcess } from "node:child_process";
import path from "node:path";
import type { Figures, RunReply, RunRequest } from "./loadgen/protocol.js";
import { ROOT, track } from "./servers.js";

export class LoadGen {
  private child: ChildProcess | undefined;
  private nextId = 1;
  private pending = new Map<number, { resolve: (f: Figures) => void; reject: (e: Error) => void }>();

  private start(): ChildProcess {
    const child = track(
      fork(path.join(ROOT, "bench/loadgen.ts"), [], {
        cwd: ROOT,
        execArgv: ["--import", "tsx", "--expose-gc", "--max-old-space-size=2048"],
        stdio: ["ignore", "inherit", "inherit", "ipc"],
      }),
    );
    child.on("message", (msg: RunReply) => {
      const waiter = this.pending.get(msg.id);
      if (!waiter) return;
      this.pending.delete(msg.id);
      if (msg.ok) waiter.resolve(msg.figures);
      else waiter.reject(new Error(msg.error));
    });
    child.once("exit", (code, signal) => {
      if (this.child === child) this.child = undefined;
      for (const [, waiter] of this.pending) waiter.reject(new Error(`load generator exited (${code ?? signal})`));
      this.pending.clear();
    });
    this.child = child;
    return child;
  }

  /** Runs one scenario; on timeout the load generator is killed (a fresh one serves the next call). */
  run(req: Omit<RunRequest, "id">, timeoutMs: number): Promise<Figures> {
    const child = this.child ?? this.start();
    const id = this.nextId++;
    return new Promise<Figures>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        child.kill("SIGKILL");
        reject(
          new Error(
            `${req.scenario}/${req.target}: no result within ${Math.round(timeoutMs / 1000)} s (load generator killed)`,
          ),
        );
      }, timeoutMs);
      this.pending.set(id, {
        resolve: (f) => {
          clearTimeout(timer);
          resolve(f);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      child.send({ ...req, id } satisfies RunRequest);
    });
  }

  async close(): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.child = undefined;
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.send({ cmd: "exit" });
    const timer = setTimeout(() => child.kill("SIGKILL"), 3000);
    await exited;
    clearTimeout(timer);
  }
}
