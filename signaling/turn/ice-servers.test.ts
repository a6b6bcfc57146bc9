// The iceServers list: STUN for every request, TURN (fresh credentials) only for one with a live code.
import { describe, expect, it } from "vitest";
import { testConfig } from "../testing/config.js";
import { iceServersFor } from "./ice-servers.js";
import { startTestServer } from "../testing/support.js";
import { restPassword } from "./turn-credentials.js";

const SECRET = "coturn-static-auth-secret-0123";
const TURN_URLS = ["turn:turn.example.org:3478?transport=udp", "turns:turn.example.org:5349?transport=tcp"];
const NOW = Date.UTC(2026, 11, 1, 20, 0, 0);

describe("iceServersFor", () => {
  const config = testConfig({
    stunUrls: ["stun:stun.example.org:3478"],
    turnUrls: TURN_URLS,
    turnSecret: SECRET,
    turnTtlSeconds: 600,
  });

  it("gives STUN and no TURN without a live code", () => {
    expect(iceServersFor(config, false, NOW)).toEqual([{ urls: ["stun:stun.example.org:3478"] }]);
  });

  it("adds one TURN entry with a REST credential that expires turnTtlSeconds from now", () => {
    const servers = iceServersFor(config, true, NOW);
    expect(servers).toHaveLength(2);
    const turn = servers[1]!;
    expect(turn.urls).toEqual(TURN_URLS);
    expect(turn.username).toMatch(new RegExp(`^${NOW / 1000 + 600}:[A-Za-z0-9_-]+$`));
    expect(turn.credential).toBe(restPassword(SECRET, turn.username!));
    expect(JSON.stringify(servers)).not.toContain(SECRET);
  });

  it("issues a fresh credential for every request", () => {
    const a = iceServersFor(config, true, NOW)[1]!;
    const b = iceServersFor(config, true, NOW)[1]!;
    expect(a.username).not.toBe(b.username);
    expect(a.credential).not.toBe(b.credential);
  });

  it("gives the static TURN user when there is no secret", () => {
    const c = testConfig({ turnUrls: TURN_URLS, turnUsername: "cam", turnPassword: "pw" });
    expect(iceServersFor(c, false, NOW)).toEqual([]);
    expect(iceServersFor(c, true, NOW)).toEqual([{ urls: TURN_URLS, username: "cam", credential: "pw" }]);
  });

  it("keeps ICE_SERVERS: entries with a credential only for a live code", () => {
    const stun = { urls: "stun:legacy.example.org" };
    const turn = { urls: ["turn:legacy.example.org"], username: "u", credential: "p" };
    const c = testConfig({ iceServers: [stun, turn] });
    expect(iceServersFor(c, false, NOW)).toEqual([stun]);
    expect(iceServersFor(c, true, NOW)).toEqual([stun, turn]);
  });

  it("is empty by default: on one Wi-Fi the pages contact no third party", () => {
    expect(iceServersFor(testConfig(), true, NOW)).toEqual([]);
  });
});

describe("GET /api/config", () => {
  const answer = async (url: string) => (await (await fetch(`${url}/api/config`)).json()) as Record<string, unknown>;

  it("names iceTransportPolicy when the server sets ICE_TRANSPORT_POLICY, and leaves it out otherwise", async () => {
    const relayOnly = await startTestServer({ iceTransportPolicy: "relay", turnUrls: TURN_URLS, turnSecret: SECRET });
    expect((await answer(relayOnly.url)).iceTransportPolicy).toBe("relay");
    const plain = await startTestServer();
    expect(Object.keys(await answer(plain.url))).not.toContain("iceTransportPolicy");
  });
});
