// A client nobody on the team wrote: python-socketio, driven by a script that follows the shared contract alone.
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { startTestServer } from "./testing/support.js";

// Debian's interpreter, where `apt-get install python3-socketio` puts the library (scripts/system-deps.sh installs it).
const PYTHON = "/usr/bin/python3";
const SCRIPT = fileURLToPath(new URL("./testing/third-party/python_client.py", import.meta.url));

function runClient(url: string, transport: string): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(PYTHON, [SCRIPT, url, transport], { timeout: 30_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, out: stdout, err: stderr });
    });
  });
}

describe("python-socketio client", () => {
  it.each(["websocket", "polling"])(
    "pairs a camera and two viewers and exchanges signals over %s",
    async (transport) => {
      const t = await startTestServer();
      const result = await runClient(t.url, transport);
      expect(
        result.err,
        "python3-socketio missing? apt-get install python3-socketio python3-websocket python3-requests",
      ).not.toMatch(/No module named/);
      const report = JSON.parse(result.out.trim().split("\n").pop() || "{}") as {
        ok?: boolean;
        error?: string;
        transport?: string;
      };
      expect(report.error).toBeUndefined();
      expect(report).toMatchObject({ ok: true, transport });
      expect(result.code).toBe(0);
    },
  );
});
