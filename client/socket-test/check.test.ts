// runChecks over chains of stand-in checks: what runs, what stays pending, and what each row is told.
import { describe, expect, it } from "vitest";
import { type Check, CheckSkipped, runChecks } from "./check.js";

const pass = (name: string, detail = "ok"): Check => ({ name, run: async () => detail });
const fail = (name: string, reason: string): Check => ({
  name,
  run: async () => {
    throw new Error(reason);
  },
});
const skip = (name: string, reason: string): Check => ({
  name,
  run: async () => {
    throw new CheckSkipped(reason);
  },
});

async function run(chains: Check[][]) {
  const final = new Map<string, [string, string]>();
  const lines: string[] = [];
  const passed = await runChecks(
    chains,
    (l) => lines.push(l),
    (name, status, detail) => final.set(name, [status, detail]),
  );
  return { passed, final: Object.fromEntries(final), lines };
}

describe("runChecks", () => {
  it("a failure stops its own chain only; the next chain runs", async () => {
    const { passed, final, lines } = await run([[pass("a"), fail("b", "no pong"), pass("c")], [pass("d", "2 host")]]);
    expect(final).toEqual({
      a: ["passed", "ok"],
      b: ["failed", "no pong"],
      c: ["pending", 'not run: "b" failed'],
      d: ["passed", "2 host"],
    });
    expect(passed).toBe(2);
    expect(lines).toContain("b: failed, no pong");
  });

  it("a skipped check is reported as such and stops nothing", async () => {
    const { passed, final, lines } = await run([[skip("path", "join a room first"), pass("after")]]);
    expect(final).toEqual({ path: ["skipped", "join a room first"], after: ["passed", "ok"] });
    expect(passed).toBe(1);
    expect(lines).toEqual(["path: skipped, join a room first"]);
  });

  it("prefixes a check's own log lines with its name", async () => {
    const chatty: Check = {
      name: "talk",
      run: async (log) => {
        log("hello");
        return "done";
      },
    };
    expect((await run([[chatty]])).lines).toEqual(["talk: hello"]);
  });
});
