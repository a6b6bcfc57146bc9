// The assembled server: HTTP and HTTPS listeners sharing one Socket.IO engine, and graceful shutdown.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join as joinPath } from "node:path";
import { Agent } from "node:https";
import { describe, expect, it } from "vitest";
import { createSignalingServer } from "./app.js";
import { testConfig } from "./testing/config.js";
import { createLogger } from "./observability/log.js";
import { connectClient, join, nextEvent, request } from "./testing/support.js";
import { loadTls } from "./http/tls.js";

describe("HTTPS listener", () => {
  it("serves the same rooms on HTTP and HTTPS, with a kept self-signed certificate", async () => {
    const certDir = await mkdtemp(joinPath(tmpdir(), "codecam-certs-"));
    const config = testConfig({ httpsPort: 0, certDir });
    const log = createLogger("silent");
    const tls = await loadTls({ ...config }, log);
    expect(tls.selfSigned).toBe(true);
    // A second start keeps the certificate (the phone accepted it once; a new one would warn again).
    expect((await loadTls(config, log)).fingerprint).toBe(tls.fingerprint);

    const server = createSignalingServer({ ...config, httpsPort: 1 }, { tls, log });
    // httpsPort 1 only switches HTTPS on; listen on free ports instead.
    server.http.listen(0, "127.0.0.1");
    server.https!.listen(0, "127.0.0.1");
    await Promise.all([once(server.http, "listening"), once(server.https!, "listening")]);
    const httpPort = (server.http.address() as { port: number }).port;
    const httpsPort = (server.https!.address() as { port: number }).port;
    try {
      const camera = await connectClient(`https://127.0.0.1:${httpsPort}`, {
        agent: new Agent({ rejectUnauthorized: false }) as never,
        rejectUnauthorized: false,
      });
      const viewer = await connectClient(`http://127.0.0.1:${httpPort}`);
      const res = await fetch(`http://127.0.0.1:${httpPort}/api/code/generate`, { method: "POST" });
      const { code } = (await res.json()) as { code: string };
      await join(camera, code, "camera");
      const got = nextEvent(viewer, "offer");
      await join(viewer, code, "viewer");
      expect(
        await request(camera, "offer", { room_code: code, offer: { type: "offer", sdp: "v=0" }, to: viewer.id }),
      ).toEqual({ ok: true });
      expect(await got).toMatchObject({ from: camera.id });
      expect(server.io.engine.clientsCount).toBe(2);
    } finally {
      await server.close();
      await rm(certDir, { recursive: true, force: true });
    }
  });
});

describe("close()", () => {
  it("closes every transport so clients see `transport close` (and reconnect on their own), then stops listening", async () => {
    const server = createSignalingServer(testConfig());
    const { http } = await server.listen();
    const url = `http://127.0.0.1:${http}`;
    const socket = await connectClient(url);
    const reason = new Promise<string>((resolve) => socket.once("disconnect", resolve));
    const closing = server.close();
    expect(await reason).toBe("transport close");
    await closing;
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
  });
});

function once(emitter: NodeJS.EventEmitter, event: string): Promise<void> {
  return new Promise((resolve) => emitter.once(event, () => resolve()));
}
