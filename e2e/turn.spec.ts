// Across networks through a real TURN relay: coturn (Debian's) and a codecam server with TURN settings, both
// started by this file on free loopback ports. Relay-only mode stands in for two devices with no direct path
// (inside the e2e network namespace they would otherwise always find one).
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import type { Page } from "@playwright/test";
import { randomSecret, startCoturn, type Coturn } from "../signaling/testing/coturn.js";
import type { ClientConfig, GeneratedCode } from "../signaling/protocol.js";
import { serverEnv } from "./browser-env.js";
import { allowOnPhone, expect, expectVideoPlaying, saveScreenshot, shownCode, statusOf, test } from "./fixtures.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

interface Codecam {
  url: string;
  output: () => string;
  stop: () => Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** The built server (`npm run build` first) with `env` on top of the e2e defaults; healthy before it resolves. */
async function startCodecam(env: Record<string, string>): Promise<Codecam> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ["dist/signaling/index.js"], {
    cwd: ROOT,
    env: { ...process.env, ...serverEnv(port), LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
  const exited = new Promise((r) => child.once("exit", r));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      await exited;
    }
  };
  const deadline = Date.now() + 15_000;
  while (
    !(await fetch(`${url}/healthz`).then(
      (r) => r.ok,
      () => false,
    ))
  ) {
    if (Date.now() > deadline || child.exitCode !== null) {
      await stop();
      throw new Error(`codecam on ${port} did not become healthy:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, output: () => out, stop };
}

/** Every RTCPeerConnection the page makes, kept where the test can read its stats. */
async function recordPeerConnections(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const Native = window.RTCPeerConnection;
    const all: RTCPeerConnection[] = [];
    (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs = all;
    window.RTCPeerConnection = class extends Native {
      constructor(config?: RTCConfiguration) {
        super(config);
        all.push(this);
      }
    } as typeof RTCPeerConnection;
  });
}

/** Candidate types of the selected pair of each connected peer connection, and the policy it was made with. */
function selectedPairs(page: Page) {
  return page.evaluate(async () => {
    const pcs = (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs;
    const out: Array<{ local: string; remote: string; policy: string }> = [];
    for (const pc of pcs) {
      if (pc.connectionState !== "connected") continue;
      const byId = new Map<string, Record<string, unknown>>();
      (await pc.getStats()).forEach((r: Record<string, unknown>) => {
        byId.set(r.id as string, r);
      });
      const transport = [...byId.values()].find((r) => r.type === "transport" && r.selectedCandidatePairId);
      const pair = transport ? byId.get(transport.selectedCandidatePairId as string) : undefined;
      if (!pair) continue;
      out.push({
        local: String(byId.get(pair.localCandidateId as string)?.candidateType),
        remote: String(byId.get(pair.remoteCandidateId as string)?.candidateType),
        policy: String(pc.getConfiguration().iceTransportPolicy),
      });
    }
    return out;
  });
}

async function issueCode(server: Codecam, key?: string): Promise<string> {
  const res = await fetch(`${server.url}/api/code/generate`, {
    method: "POST",
    headers: key ? { authorization: `Bearer ${key}` } : {},
  });
  expect(res.status, await res.clone().text()).toBe(201);
  return ((await res.json()) as GeneratedCode).code;
}

test.describe("through coturn", () => {
  const secret = randomSecret();
  let coturn: Coturn;
  test.beforeAll(async () => {
    coturn = await startCoturn({ secret });
  });
  test.afterAll(async () => {
    await coturn?.stop();
  });

  test("relay-only (&relay=1): the video plays and both ends use a relayed candidate pair", async ({ newDevice }) => {
    test.slow();
    const server = await startCodecam({
      TURN_URLS: coturn.urls.join(","),
      TURN_SECRET: secret,
      TURN_TTL_SECONDS: "600",
    });
    try {
      const code = await issueCode(server);
      const viewer = await (await newDevice("laptop", { baseURL: server.url })).newPage();
      const camera = await (await newDevice("phone", { baseURL: server.url })).newPage();
      await recordPeerConnections(viewer);
      await recordPeerConnections(camera);
      await viewer.goto(`/viewer?code=${code}&relay=1`);
      await camera.goto(`/camera?code=${code}&autostart=1&relay=1`);
      // Joined by code: the phone asks first; the words cross the relayed data channel.
      await allowOnPhone(camera, viewer);
      await expectVideoPlaying(viewer, "#video", "viewer through the relay");
      await expect(statusOf(camera)).toHaveText("Streaming to 1 viewer");

      for (const [name, page] of [
        ["viewer", viewer],
        ["camera", camera],
      ] as const) {
        await expect
          .poll(() => selectedPairs(page), { message: `${name}: the selected pair is relay ↔ relay` })
          .toEqual([{ local: "relay", remote: "relay", policy: "relay" }]);
      }
      // The viewer's own stats say so too.
      await viewer.locator("#toggle-stats").click();
      await expect(viewer.locator("#stats")).toContainText("Relayed (TURN) · relay ↔ relay");
      await saveScreenshot(viewer, "viewer-relayed-laptop");
      expect(server.output()).not.toContain(secret);
    } finally {
      await server.stop();
    }
  });

  test("ICE_TRANSPORT_POLICY=relay on the server: relayed without anything in the page URLs", async ({ newDevice }) => {
    test.slow();
    const server = await startCodecam({
      TURN_URLS: coturn.urls.join(","),
      TURN_SECRET: secret,
      ICE_TRANSPORT_POLICY: "relay",
    });
    try {
      const code = await issueCode(server);
      const viewer = await (await newDevice("laptop", { baseURL: server.url })).newPage();
      await recordPeerConnections(viewer);
      await viewer.goto(`/viewer?code=${code}`);
      const camera = await (await newDevice("phone", { baseURL: server.url })).newPage();
      await camera.goto(`/camera?code=${code}&autostart=1`);
      await allowOnPhone(camera, viewer);
      await expectVideoPlaying(viewer, "#video", "viewer through the relay");
      await expect.poll(() => selectedPairs(viewer)).toEqual([{ local: "relay", remote: "relay", policy: "relay" }]);
    } finally {
      await server.stop();
    }
  });

  test("TURN credentials only with a live code, and the secret in no page, script or answer", async ({ request }) => {
    const server = await startCodecam({ TURN_URLS: coturn.urls.join(","), TURN_SECRET: secret });
    try {
      const config = async (query: string) =>
        (await (await request.get(`${server.url}/api/config${query}`)).json()) as ClientConfig;
      const withTurn = (c: ClientConfig) => c.iceServers.some((s) => s.credential !== undefined);
      expect(withTurn(await config(""))).toBe(false);
      const code = await issueCode(server);
      const unknown = code === "000000" ? "000001" : "000000";
      expect(withTurn(await config(`?code=${unknown}`))).toBe(false);
      const live = await config(`?code=${code}`);
      expect(withTurn(live)).toBe(true);

      const bodies = [JSON.stringify(live)];
      for (const path of ["/viewer", "/camera"]) {
        const html = await (await request.get(`${server.url}${path}`)).text();
        bodies.push(html);
        for (const [, src] of html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)) {
          bodies.push(await (await request.get(`${server.url}${src}`)).text());
        }
      }
      expect(bodies.length).toBeGreaterThan(3);
      for (const body of bodies) expect(body).not.toContain(secret);
    } finally {
      await server.stop();
    }
  });

  test("a server with the wrong TURN secret: no connection, and both pages say the relay refused the credentials", async ({
    newDevice,
  }) => {
    test.slow(); // ICE has to give up first
    const server = await startCodecam({
      TURN_URLS: coturn.urls.join(","),
      TURN_SECRET: randomSecret(),
      ICE_TRANSPORT_POLICY: "relay",
    });
    try {
      const code = await issueCode(server);
      const viewer = await (await newDevice("laptop", { baseURL: server.url })).newPage();
      await viewer.goto(`/viewer?code=${code}`);
      const camera = await (await newDevice("phone", { baseURL: server.url })).newPage();
      await camera.goto(`/camera?code=${code}&autostart=1`);
      await expect(statusOf(viewer)).toHaveText(/relay \(TURN\) server refused this device's credentials/, {
        timeout: 40_000,
      });
      await expect(statusOf(viewer)).toHaveAttribute("data-tone", "error");
      await expect(statusOf(camera)).toHaveText(/relay \(TURN\) server refused this device's credentials/, {
        timeout: 40_000,
      });
      await saveScreenshot(viewer, "viewer-relay-refused-laptop");
    } finally {
      await server.stop();
    }
  });
});

test("a relay nobody answers at: both pages say it can't be reached", async ({ newDevice }) => {
  test.slow();
  const closedPort = await freePort(); // nothing listens there, on UDP or TCP
  const server = await startCodecam({
    TURN_URLS: `turn:127.0.0.1:${closedPort}?transport=udp`,
    TURN_SECRET: randomSecret(),
    ICE_TRANSPORT_POLICY: "relay",
  });
  try {
    const code = await issueCode(server);
    const viewer = await (await newDevice("laptop", { baseURL: server.url })).newPage();
    await viewer.goto(`/viewer?code=${code}`);
    const camera = await (await newDevice("phone", { baseURL: server.url })).newPage();
    await camera.goto(`/camera?code=${code}&autostart=1`);
    await expect(statusOf(viewer)).toHaveText(/relay \(TURN\) server can't be reached/, { timeout: 40_000 });
    await expect(statusOf(camera)).toHaveText(/relay \(TURN\) server can't be reached/, { timeout: 40_000 });
  } finally {
    await server.stop();
  }
});

test.describe("access control", () => {
  const KEY = "e2e-operator-key-0123456789+/=";

  test("Create code asks for the key, keeps it, and a phone joins by code without one", async ({ newDevice }) => {
    test.slow();
    const server = await startCodecam({ ACCESS_KEYS: KEY });
    try {
      const viewer = await (await newDevice("laptop", { baseURL: server.url })).newPage();
      await viewer.goto("/viewer");
      const dialog = viewer.getByRole("dialog", { name: "Access key needed" });
      // Cancelled: no code, and the page says why.
      await viewer.getByRole("button", { name: "Create code" }).click();
      await dialog.getByRole("button", { name: "Cancel" }).click();
      await expect(viewer.locator("#start-notice")).toContainText("Creating codes on this server needs an access key");
      await viewer.getByRole("button", { name: "Create code" }).click();
      await expect(dialog).toBeVisible();
      await dialog.getByLabel("Access key").fill("not-the-key-0123456789");
      await dialog.getByRole("button", { name: "Use key" }).click();
      await expect(dialog).toContainText("That key didn't work");
      await dialog.getByLabel("Access key").fill(KEY);
      await dialog.getByRole("button", { name: "Use key" }).click();
      await expect(dialog).toBeHidden();
      await expect(viewer.locator("#share-link")).toHaveValue(/\/camera\?code=\d{6}/);
      const link = await viewer.locator("#share-link").inputValue();
      expect(link).not.toContain(KEY);

      // The phone has no key and needs none: the code is the invitation.
      const camera = await (await newDevice("phone", { baseURL: server.url })).newPage();
      // autostart goes into the query, before the fragment that names the laptop (`#v=`).
      const [query, fragment = ""] = link.split("#");
      await camera.goto(`${query}&autostart=1${fragment ? `#${fragment}` : ""}`);
      await expectVideoPlaying(viewer, "#video", "viewer");
      await expect(statusOf(camera)).toHaveText("Streaming to 1 viewer");

      // The laptop kept the key: the next code needs no question.
      await viewer.goto("/viewer");
      await viewer.getByRole("button", { name: "Create code" }).click();
      await expect(viewer.locator("#share-link")).toHaveValue(/\/camera\?code=\d{6}/);
      await expect(viewer.getByRole("dialog")).toHaveCount(0);
    } finally {
      await server.stop();
    }
  });

  test("a link with #key= : the phone creates a code without asking, and the key leaves the address bar", async ({
    newDevice,
  }) => {
    const server = await startCodecam({ ACCESS_KEYS: KEY });
    try {
      const camera = await (await newDevice("phone", { baseURL: server.url })).newPage();
      const requests: string[] = [];
      camera.on("request", (r) => requests.push(`${r.url()} ${r.headers().referer ?? ""}`));
      await camera.goto(`/camera#key=${encodeURIComponent(KEY)}`);
      await expect(camera).toHaveURL(/\/camera$/);
      await camera.getByRole("button", { name: /Create a code/ }).click();
      await shownCode(camera);
      await expect(camera.getByRole("dialog")).toHaveCount(0);
      for (const r of requests) expect(r).not.toContain(encodeURIComponent(KEY));
    } finally {
      await server.stop();
    }
  });
});
