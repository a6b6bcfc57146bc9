// Too many failed joins from one network: one message, counting down, whatever the user tries next.
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { serverEnv, TEST_PORT } from "./browser-env.js";
import { expect, test } from "./fixtures.js";

// A server of its own: the shared one lifts the limits so the suite does not throttle itself (browser-env.ts).
const port = TEST_PORT + 2;
let server: ChildProcess | undefined;

test.beforeAll(async () => {
  server = spawn(process.execPath, ["dist/signaling/index.js"], {
    cwd: fileURLToPath(new URL("..", import.meta.url)),
    env: { ...process.env, ...serverEnv(port), JOIN_FAILURES_PER_MINUTE: "3" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (
      await fetch(`http://127.0.0.1:${port}/healthz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`test server on port ${port} did not become healthy`);
});
test.afterAll(async () => {
  const child = server;
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  await exited;
});

test("after too many wrong codes, typing and Create code show one rate-limit message that counts down", async ({
  newDevice,
}) => {
  const viewer = await (await newDevice("laptop", { baseURL: `http://127.0.0.1:${port}` })).newPage();
  await viewer.goto("/viewer");
  const error = viewer.locator("#code-error");
  for (let i = 0; i < 3; i += 1) {
    await viewer.goto("/viewer"); // empty boxes: one typed code, one join
    await viewer.getByRole("textbox", { name: "Digit 1 of 6" }).click();
    await viewer.keyboard.type("000000");
    await expect(error).toHaveText(/No camera has that code/);
  }
  await viewer.goto("/viewer");
  await viewer.getByRole("textbox", { name: "Digit 1 of 6" }).click();
  await viewer.keyboard.type("000000");
  await expect(error).toHaveText(/^Too many tries from this network\. Try again in \d+ s\.$/);
  const first = Number(/(\d+) s/.exec((await error.textContent()) ?? "")?.[1]);
  await expect
    .poll(async () => Number(/(\d+) s/.exec((await error.textContent()) ?? "")?.[1]), {
      message: "the seconds count down",
    })
    .toBeLessThan(first);

  await viewer.getByRole("button", { name: "Create code" }).click();
  const notice = viewer.locator("#start-notice");
  await expect(notice).toContainText(/Too many tries from this network\. Try again in \d+ s\./);
  await expect(error, "one message, not two").toBeHidden();
  await expect(viewer.getByText(/Try again in/)).toHaveCount(1);
});
