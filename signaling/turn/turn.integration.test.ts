// TURN through a real coturn: the credentials GET /api/config hands out allocate relays and carry data;
// a server with the wrong secret, an expired credential, or a request without a live code gets nothing that works.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ClientConfig } from "../protocol.js";
import { randomSecret, startCoturn, tryAllocation, type Coturn } from "../testing/coturn.js";
import { restCredential } from "./turn-credentials.js";
import { startTestServer, type TestServer } from "../testing/support.js";

async function configFor(s: TestServer, code?: string): Promise<ClientConfig> {
  const res = await fetch(`${s.url}/api/config${code === undefined ? "" : `?code=${code}`}`);
  expect(res.status).toBe(200);
  return (await res.json()) as ClientConfig;
}

const turnEntry = (config: ClientConfig) =>
  config.iceServers.find((s) => [s.urls].flat().some((u) => u.startsWith("turn:")));

describe("REST credentials against coturn (use-auth-secret)", () => {
  const secret = randomSecret();
  let coturn: Coturn;
  beforeAll(async () => {
    coturn = await startCoturn({ secret });
  });
  afterAll(async () => {
    await coturn?.stop();
  });

  it("the credentials of /api/config?code=<live code> allocate relays and carry data through them", async () => {
    const s = await startTestServer({
      turnUrls: coturn.urls,
      turnSecret: secret,
      stunUrls: [`stun:127.0.0.1:${coturn.port}`],
    });
    const config = await configFor(s, await s.issueCode());
    const turn = turnEntry(config);
    expect(turn?.urls).toEqual(coturn.urls);
    const result = await tryAllocation(coturn, turn!.username!, turn!.credential!);
    expect(result.ok, result.output).toBe(true);
    expect(JSON.stringify(config)).not.toContain(secret);
  });

  it("gives no TURN entry without a code or with a code that is not live", async () => {
    const s = await startTestServer({
      turnUrls: coturn.urls,
      turnSecret: secret,
      stunUrls: [`stun:127.0.0.1:${coturn.port}`],
    });
    const code = await s.issueCode();
    const unknown = code === "000000" ? "000001" : "000000";
    for (const config of [await configFor(s), await configFor(s, unknown)]) {
      expect(config.iceServers).toEqual([{ urls: [`stun:127.0.0.1:${coturn.port}`] }]);
    }
  });

  it("coturn refuses the credentials of a server configured with another secret", async () => {
    const s = await startTestServer({ turnUrls: coturn.urls, turnSecret: randomSecret() });
    const turn = turnEntry(await configFor(s, await s.issueCode()));
    const result = await tryAllocation(coturn, turn!.username!, turn!.credential!);
    expect(result.ok).toBe(false);
    expect(result.output).toMatch(/Cannot complete Allocation/);
  });

  it("coturn refuses a credential whose expiry has passed, and takes the same one made fresh", async () => {
    const stale = restCredential(secret, 3600, Date.now() - 2 * 3600 * 1000);
    expect((await tryAllocation(coturn, stale.username, stale.credential)).ok).toBe(false);
    const fresh = restCredential(secret, 3600);
    const result = await tryAllocation(coturn, fresh.username, fresh.credential);
    expect(result.ok, result.output).toBe(true);
  });
});

describe("a fixed TURN user against coturn (lt-cred-mech)", () => {
  it("TURN_USERNAME/TURN_PASSWORD reach the page for a live code and allocate", async () => {
    const coturn = await startCoturn({ username: "codecam", password: "fixed-password-1" });
    try {
      const s = await startTestServer({
        turnUrls: coturn.urls,
        turnUsername: "codecam",
        turnPassword: "fixed-password-1",
      });
      const turn = turnEntry(await configFor(s, await s.issueCode()));
      expect(turn).toMatchObject({ username: "codecam", credential: "fixed-password-1" });
      const result = await tryAllocation(coturn, turn!.username!, turn!.credential!);
      expect(result.ok, result.output).toBe(true);
      expect((await tryAllocation(coturn, "codecam", "not-the-password")).ok).toBe(false);
    } finally {
      await coturn.stop();
    }
  });
});
