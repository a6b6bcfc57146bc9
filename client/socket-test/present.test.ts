// present() over every state of the diagnostic page: no DOM, no browser.
import { describe, expect, it } from "vitest";
import { EMPTY, formatDuration, present } from "./present.js";
import * as S from "./state.js";

const CHECKS = [
  { name: "Connect", group: "server" as const },
  { name: "Ping", group: "server" as const },
];
const start = S.initialState(CHECKS);
const online = S.connected(S.transportOpened(S.connecting(start), "websocket"), "sock-1", 1_000);
const success = {
  ok: true as const,
  code: "123456",
  type: "camera" as const,
  id: "sock-1",
  token: "t",
  peers: [{ id: "v1", type: "viewer" as const }],
};

describe("present: connection", () => {
  it("disconnected: only Connect and the transport choice are on; every value is empty", () => {
    const v = present(start, 0);
    expect(v.connection).toEqual({ label: "Disconnected", tone: "idle", state: "disconnected" });
    expect([v.socketId, v.transport, v.duration, v.roundTrip]).toEqual([EMPTY, EMPTY, EMPTY, EMPTY]);
    expect(v.enabled).toEqual({
      connect: true,
      disconnect: false,
      transportChoice: true,
      ping: false,
      join: false,
      leave: false,
      sendOffer: false,
      runChecks: true,
    });
  });

  it("connecting: Disconnect stops the attempt, nothing else is on", () => {
    const v = present(S.connecting(start), 0);
    expect(v.connection).toMatchObject({ label: "Connecting…", tone: "busy" });
    expect(v.enabled).toMatchObject({
      connect: false,
      disconnect: true,
      transportChoice: false,
      ping: false,
      join: false,
    });
  });

  it("connected: id, transport and a live duration; ping, join and offer are on, leave is not", () => {
    const v = present(online, 1_000 + 65_400);
    expect(v.connection).toMatchObject({ label: "Connected", tone: "ok" });
    expect(v.socketId).toBe("sock-1");
    expect(v.transport).toBe("websocket");
    expect(v.duration).toBe("1:05");
    expect(v.enabled).toMatchObject({ connect: false, ping: true, join: true, sendOffer: true, leave: false });
  });

  it("an upgraded transport says where it started", () => {
    const polling = S.transportUpgraded(S.transportOpened(start, "polling"), "websocket");
    expect(present(polling, 0).transport).toBe("websocket (upgraded from polling)");
  });

  it("reconnecting: counts the attempts and clears what belonged to the old connection", () => {
    const lost = S.disconnected(S.joined(online, success), true);
    const v = present(S.reconnecting(lost, 3), 5_000);
    expect(v.connection).toMatchObject({ label: "Reconnecting… (attempt 3)", tone: "warn" });
    expect([v.socketId, v.transport, v.duration]).toEqual([EMPTY, EMPTY, EMPTY]);
    expect(v.room.label).toBe("Not in a room");
  });

  it("a round trip and message counts show as measured", () => {
    const v = present(S.countedOut(S.countedIn(S.countedIn(S.roundTrip(online, 3.14)))), 1_000);
    expect(v.roundTrip).toBe("3.1 ms");
    expect([v.messagesIn, v.messagesOut]).toEqual(["2", "1"]);
  });
});

describe("present: room", () => {
  it("joined: code, role and who else is there; Leave is on", () => {
    const v = present(S.joined(online, success), 1_000);
    expect(v.room).toEqual({ label: "In 123456 as camera · with 1 viewer", tone: "ok" });
    expect(v.enabled.leave).toBe(true);
  });

  it("follows peer_joined and peer_left", () => {
    let s = S.joined(online, success);
    s = S.peerJoined(s, { id: "v2", type: "viewer" });
    expect(present(s, 0).room.label).toBe("In 123456 as camera · with 2 viewers");
    s = S.peerLeft(S.peerLeft(s, { id: "v1", type: "viewer" }), { id: "v2", type: "viewer" });
    expect(present(s, 0).room.label).toBe("In 123456 as camera · alone");
  });

  it("a viewer names the camera; a peer event outside a room changes nothing", () => {
    const viewer = S.joined(online, { ...success, type: "viewer", peers: [{ id: "c", type: "camera" }] });
    expect(present(viewer, 0).room.label).toBe("In 123456 as viewer · with 1 camera");
    expect(S.peerJoined(online, { id: "x", type: "viewer" })).toBe(online);
  });

  it("left: not in a room, Leave off", () => {
    const v = present(S.left(S.joined(online, success)), 0);
    expect(v.room).toEqual({ label: "Not in a room", tone: "idle" });
    expect(v.enabled.leave).toBe(false);
  });
});

describe("present: checks", () => {
  it("not run yet: every check pending, with a hint", () => {
    const v = present(start, 0);
    expect(v.checkGroups).toHaveLength(1);
    expect(v.checkGroups[0]?.title).toBe("Signaling server");
    expect(v.checkGroups[0]?.checks.map((c) => [c.name, c.label])).toEqual([
      ["Connect", "Not run"],
      ["Ping", "Not run"],
    ]);
    expect(v.checksSummary).toMatch(/connections of their own/);
  });

  it("lists the checks under their group's title, in the order they run", () => {
    const s = S.initialState([
      { name: "Connect", group: "server" },
      { name: "Camera", group: "device" },
      { name: "Loopback", group: "device" },
      { name: "Path", group: "path" },
    ]);
    expect(present(s, 0).checkGroups.map((g) => [g.title, g.checks.map((c) => c.name)])).toEqual([
      ["Signaling server", ["Connect"]],
      ["This device", ["Camera", "Loopback"]],
      ["Between the two devices", ["Path"]],
    ]);
  });

  it("a skipped check is labelled so and counted apart from the passed ones", () => {
    let s = S.checkUpdated(S.checkUpdated(start, "Connect", "passed"), "Ping", "skipped", "needs a room");
    s = S.checksFinished(s);
    const v = present(s, 0);
    expect(v.checkGroups[0]?.checks[1]).toEqual({
      name: "Ping",
      status: "skipped",
      label: "Skipped",
      detail: "needs a room",
    });
    expect(v.checksSummary).toBe("1 check passed, 1 skipped");
  });

  it("running: the button is off and the running check says so", () => {
    const s = S.checkUpdated(S.checksStarted(start), "Connect", "running");
    const v = present(s, 0);
    expect(v.enabled.runChecks).toBe(false);
    expect(v.checkGroups[0]?.checks[0]).toMatchObject({ status: "running", label: "Running…" });
    expect(v.checksSummary).toBe("Running the checks…");
  });

  it("all passed / some failed: the summary counts them; a new run starts from pending", () => {
    let s = S.checksStarted(start);
    s = S.checksFinished(S.checkUpdated(S.checkUpdated(s, "Connect", "passed", "over websocket"), "Ping", "passed"));
    expect(present(s, 0).checksSummary).toBe("All 2 checks passed");
    expect(present(s, 0).checkGroups[0]?.checks[0]).toMatchObject({ label: "Passed", detail: "over websocket" });
    const failed = S.checkUpdated(s, "Ping", "failed", "no reply");
    expect(present(failed, 0).checksSummary).toBe("1 of 2 checks failed");
    const restarted = present(S.checksStarted(failed), 0).checkGroups[0]?.checks;
    expect(restarted?.map((c) => c.status)).toEqual(["pending", "pending"]);
  });
});

describe("formatDuration", () => {
  it("reads like a clock", () => {
    expect(formatDuration(7_900)).toBe("0:07");
    expect(formatDuration(754_000)).toBe("12:34");
    expect(formatDuration(3_723_000)).toBe("1:02:03");
    expect(formatDuration(-5)).toBe("0:00");
  });
});
