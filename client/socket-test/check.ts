// The shape of every /socket-test check, `{ name, run(log) }`, and the runner that walks them and reports each
// step: checks come in chains, where a later check builds on the ones before it.

export type CheckLog = (line: string) => void;

export interface Check {
  name: string;
  /**
   * Resolves with what it saw (shown beside "Passed"); throws an Error saying what went wrong, or CheckSkipped
   * when it cannot run here and that is nobody's fault (the path check without a second device).
   */
  run(log: CheckLog): Promise<string>;
}

/** Thrown by a check that does not apply now; its message says what would make it apply. */
export class CheckSkipped extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CheckSkipped";
  }
}

export type CheckOutcome = "running" | "passed" | "failed" | "pending" | "skipped";

export type CheckUpdate = (name: string, status: CheckOutcome, detail: string) => void;

/**
 * Runs the chains one after another and reports each step. Within a chain, after a failure the rest are not run
 * (they build on it) and stay pending with a note; the next chain starts afresh. A skipped check stops nothing.
 * Resolves with the number of checks that passed.
 */
export async function runChecks(
  chains: ReadonlyArray<readonly Check[]>,
  log: CheckLog,
  update: CheckUpdate,
): Promise<number> {
  let passed = 0;
  for (const chain of chains) {
    let failedName: string | undefined;
    for (const check of chain) {
      if (failedName !== undefined) {
        update(check.name, "pending", `not run: "${failedName}" failed`);
        continue;
      }
      update(check.name, "running", "");
      try {
        const detail = await check.run((line) => log(`${check.name}: ${line}`));
        update(check.name, "passed", detail);
        passed += 1;
      } catch (err) {
        const reason = err instanceof Error ? err.message : String(err);
        if (err instanceof CheckSkipped) {
          log(`${check.name}: skipped, ${reason}`);
          update(check.name, "skipped", reason);
          continue;
        }
        log(`${check.name}: failed, ${reason}`);
        update(check.name, "failed", reason);
        failedName = check.name;
      }
    }
  }
  return passed;
}
