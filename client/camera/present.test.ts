// Every camera state → what the phone shows, without a browser.
import { describe, expect, it } from "vitest";
import { ErrorCode } from "../../signaling/protocol.js";
import type { Member } from "../lib/rtc/gatekeeper.js";
import { present } from "./present.js";
import { applyChange, initialCameraState, type CameraState } from "./state.js";

const NOW = 1_000_000;
const noMembers = { members: [], qrLaptop: false, remembered: 0, lowDelay: [] };
const config = { iceServers: [], maxViewers: 4, codeTtlSeconds: 600, shareOrigin: "https://192.0.2.2:5443" };

function camera(patch: Partial<CameraState> = {}): CameraState {
  return {
    ...initialCameraState({ pageOrigin: "https://192.0.2.2:5443", settingsOpen: false }),
    config,
    connection: "online",
    ...patch,
  };
}

describe("camera present()", () => {
  it("camera off, not in a room: setup view with the Start camera card", () => {
    const v = present(camera(), NOW);
    expect(v.view).toBe("setup");
    expect(v.status).toEqual({ text: "Camera off", tone: "idle", name: "off" });
    expect(v.stage.placeholder).toBe(true);
    expect(v.share.panel).toBe("pair");
    expect(v.controls.shown).toBe(false);
  });

  it("Stop then Start keeps the holder's microphone choice (issue 19)", () => {
    let s = applyChange(camera({ camera: "on" }), { type: "mic", on: true });
    s = applyChange(s, { type: "camera-stopped", problem: undefined });
    s = applyChange(s, { type: "camera-starting" });
    s = applyChange(s, { type: "camera-started", mirror: false });
    expect(present(s, NOW).controls.micOn).toBe(true);
  });

  it("the stop button says what it does: out of a room it turns the camera off (issue 19)", () => {
    expect(present(camera({ camera: "on" }), NOW).controls.stopLabel).toBe("Turn off");
    expect(present(camera({ camera: "on", code: "483920" }), NOW).controls.stopLabel).toBe("Stop");
  });

  it("a full room: the phone says so instead of inviting more viewers (issue 19)", () => {
    const full = present(camera({ camera: "on", code: "483920", viewers: 4 }), NOW);
    expect(full.share.full).toBe("The room is full: 4 of 4 viewers are watching.");
    expect(present(camera({ camera: "on", code: "483920", viewers: 3 }), NOW).share.full).toBeUndefined();
  });

  it("a code typed in: the start hint says which code it will join", () => {
    expect(present(camera({ typed: "483920" }), NOW).stage.startHint).toBe("Then it joins code 483 920.");
  });

  it("starting, joining, preview: one busy line each", () => {
    expect(present(camera({ camera: "starting" }), NOW).status.name).toBe("starting");
    expect(present(camera({ camera: "starting" }), NOW).stage.startLabel).toBe("Starting…");
    expect(present(camera({ joining: "483920" }), NOW).status.text).toBe("Joining 483 920…");
    expect(present(camera({ camera: "on" }), NOW).status.name).toBe("preview");
  });

  it("tells people the viewer address with its scheme, so a typed address reaches the HTTPS port", () => {
    const v = present(camera({ camera: "on", code: "483920", created: true }), NOW);
    expect(v.share.viewerUrl).toBe("https://192.0.2.2:5443/viewer");
    expect(v.share.big).toBe(true);
    expect(v.status.name).toBe("waiting");
  });

  it("a viewer came: streaming, live badge, the share panel shrinks to a reminder with a chip", () => {
    const state = applyChange(camera({ camera: "on", code: "483920", created: true }), {
      type: "room",
      room: {
        ...noMembers,
        connection: "online",
        code: "483920",
        viewers: 1,
        connecting: 0,
        anyConnected: true,
        lastFailure: undefined,
      },
    });
    const v = present(state, NOW);
    expect(v.status).toEqual({ text: "Streaming to 1 viewer", tone: "ok", name: "streaming" });
    expect(v.stage.liveBadge).toBe(true);
    expect(v.stage.viewersBadge).toBe(1);
    expect(v.share.big).toBe(false);
    expect(v.share.chip).toBe("Code 483 920");
    expect(present({ ...state, viewers: 2 }, NOW).status.text).toBe("Streaming to 2 viewers");
  });

  it("a failed link stays on screen through the retries", () => {
    const failure = { reason: "no-path" as const, wasConnected: false };
    const v = present(camera({ camera: "on", code: "483920", failure, connecting: 1 }), NOW);
    expect(v.status.name).toBe("failed");
    expect(v.status.text).toMatch(/a TURN relay is needed/);
  });

  it("no network on the phone: says so, never the TURN advice (issue 19)", () => {
    const noPath = { reason: "no-path" as const, wasConnected: false, localCandidates: 3 };
    const room = { camera: "on" as const, code: "483920", failure: noPath, connecting: 1 };
    // The browser knows it is offline; the socket may not have noticed yet.
    const offline = present(camera({ ...room, online: false }), NOW).status;
    expect(offline).toEqual({ text: "No network — reconnecting…", tone: "warn", name: "no-network" });
    expect(present(camera({ ...room, online: false, connection: "offline" }), NOW).status.name).toBe("no-network");
    // ICE found not one address of this device: its network, not the path, is what is missing.
    const noCandidates = { ...noPath, localCandidates: 0 };
    expect(present(camera({ ...room, failure: noCandidates }), NOW).status.name).toBe("no-network");
    const timeout = { reason: "timeout" as const, wasConnected: false, localCandidates: 0 };
    expect(present(camera({ ...room, failure: timeout }), NOW).status.text).not.toMatch(/TURN/);
    // Relay-only ICE with a relay that refused: nothing gathered, and the relay is what to fix.
    const refused = { ...noCandidates, relay: "refused" as const };
    const withTurn = { ...config, iceServers: [{ urls: "turn:turn.example.org:3478" }] };
    expect(present(camera({ ...room, config: withTurn, failure: refused }), NOW).status.text).toMatch(
      /relay \(TURN\) server refused this device's credentials/,
    );
    // Both online and ICE had candidates: now the path is to blame.
    expect(present(camera(room), NOW).status.text).toMatch(/a TURN relay is needed/);
    // Still streaming to someone: the video going on is the news.
    expect(present(camera({ ...room, online: false, anyConnected: true }), NOW).status.name).toBe("streaming-offline");
  });

  it("the network comes back: the browser's online event reaches the state", () => {
    const s = applyChange(camera({ online: false }), { type: "online", online: true });
    expect(s.online).toBe(true);
  });

  it("offline while in a room: says whether the video still flows", () => {
    expect(present(camera({ code: "483920", connection: "offline", anyConnected: true }), NOW).status.name).toBe(
      "streaming-offline",
    );
    expect(present(camera({ code: "483920", connection: "offline" }), NOW).status.name).toBe("offline");
  });

  it("a blocked camera: the problem, a retry, and no Start card", () => {
    const v = present(camera({ mediaProblem: "denied" }), NOW);
    expect(v.status.tone).toBe("error");
    expect(v.stage.blocked?.title).toBe("Camera access is blocked");
    expect(v.stage.blocked?.retry).toBe(true);
    expect(v.stage.placeholder).toBe(false);
    const insecure = present(camera({ mediaProblem: "insecure", pageOrigin: "http://192.0.2.2:5000" }), NOW);
    expect(insecure.stage.blocked?.body).toContain("http://192.0.2.2:5000");
    expect(insecure.stage.blocked).toMatchObject({ secureLink: true, retry: false });
  });

  it("a rate limit: one message whose seconds count down", () => {
    const problem = { kind: "refused" as const, code: ErrorCode.RATE_LIMITED, retryAt: NOW + 42_000 };
    expect(present(camera({ problem }), NOW).share.error).toBe("Too many tries from this network. Try again in 42 s.");
    expect(present(camera({ problem }), NOW + 10_000).share.error).toBe(
      "Too many tries from this network. Try again in 32 s.",
    );
    expect(present(camera({ problem }), NOW + 43_000).share.error).toBe("You can try again now.");
  });

  it("Enter with five digits: says what is missing", () => {
    expect(present(camera({ problem: { kind: "incomplete", digits: 5 } }), NOW).share.error).toBe(
      "A code is six digits; only 5 are filled in.",
    );
  });

  it("a code that ended says which and why", () => {
    const problem = { kind: "refused" as const, code: ErrorCode.CODE_NOT_FOUND, prefix: "Code 483 920 ended." };
    expect(present(camera({ problem }), NOW).share.error).toMatch(/^Code 483 920 ended\. That code isn't active/);
  });

  it("controls: short labels, the meter only while the microphone is on", () => {
    const off = present(camera({ camera: "on" }), NOW).controls;
    expect(off).toMatchObject({
      shown: true,
      micLabel: "Mic off",
      meter: false,
      stopLabel: "Turn off",
      stopTitle: "Turn the camera off",
    });
    const on = present(camera({ camera: "on", code: "483920", micOn: true }), NOW).controls;
    expect(on).toMatchObject({ micLabel: "Mic on", meter: true, stopLabel: "Stop", stopTitle: "Stop streaming" });
  });
});

describe("camera present(): verified pairing (issue 16)", () => {
  const member = (patch: Partial<Member>): Member => ({
    id: "v1",
    status: "connecting",
    how: undefined,
    refusal: undefined,
    words: undefined,
    askedAt: undefined,
    notScanned: false,
    ...patch,
  });
  const live = { camera: "on" as const, code: "483920" };
  const pending = member({ status: "pending", words: ["acorn", "bell", "zoo"], askedAt: NOW - 5_000 });

  it("a laptop asking: one card with its words, and the status line says so", () => {
    const v = present(camera({ ...live, members: [pending] }), NOW);
    expect(v.requests).toEqual([{ id: "v1", words: "acorn bell zoo", notScanned: false, remember: false }]);
    expect(v.status).toEqual({ text: "A laptop is asking to watch", tone: "warn", name: "asking" });
    expect(v.members).toEqual([
      { id: "v1", label: "Waiting for you to allow", verified: false, removeLabel: "Remove viewer 1" },
    ]);
  });

  it("the card keeps the Remember box as ticked, and lists the oldest request first", () => {
    const newer = member({ ...pending, id: "v2", askedAt: NOW - 1_000, words: ["fig", "oak", "sun"] });
    const v = present(camera({ ...live, members: [newer, pending], rememberTicked: ["v2"] }), NOW);
    expect(v.requests.map((r) => [r.id, r.remember])).toEqual([
      ["v1", false],
      ["v2", true],
    ]);
  });

  it("the member list: verified (in low delay), waiting, connecting, and every refusal in words", () => {
    const v = present(
      camera({
        ...live,
        // Low delay is said only for a laptop that may watch: the phone ignores anyone else's request.
        lowDelay: ["a", "b"],
        members: [
          member({ id: "a", status: "verified", how: "qr" }),
          member({ id: "b" }),
          member({ id: "c", notScanned: true }),
          member({ id: "d", status: "refused", refusal: "denied" }),
          member({ id: "e", status: "refused", refusal: "expired" }),
          member({ id: "f", status: "refused", refusal: "exchange" }),
          member({ id: "g", status: "refused", refusal: "unverifiable" }),
        ],
      }),
      NOW,
    );
    expect(v.members.map((m) => m.label)).toEqual([
      "Laptop · verified · low delay",
      "Connecting…",
      "Not the laptop you scanned",
      "Declined",
      "Not allowed in time",
      "Failed the word check · disconnected",
      "Could not be checked · gets nothing",
    ]);
    expect(v.members.map((m) => m.removeLabel)).toEqual(
      ["1", "2", "3", "4", "5", "6", "7"].map((n) => `Remove viewer ${n}`),
    );
    expect(v.members[0]?.verified).toBe(true);
  });

  it("opened from a QR link and another device answered: says so plainly, in error", () => {
    const v = present(camera({ ...live, qrLaptop: true, members: [member({ notScanned: true })] }), NOW);
    expect(v.status).toEqual({
      text: "A device that is not the laptop you scanned answered. This phone sends it nothing.",
      tone: "error",
      name: "not-scanned",
    });
    // While the QR laptop streams, a second laptop asking is a request, not an alarm.
    const streaming = camera({ ...live, qrLaptop: true, viewers: 1, members: [member({ notScanned: true })] });
    expect(present(streaming, NOW).status.name).toBe("streaming");
  });

  it("an answer that could not be checked: says the device gets nothing", () => {
    const v = present(camera({ ...live, members: [member({ status: "refused", refusal: "unverifiable" })] }), NOW);
    expect(v.status).toMatchObject({ tone: "error", name: "unverifiable" });
  });

  it("a request from a device that is not the scanned laptop is marked on its card", () => {
    const v = present(camera({ ...live, qrLaptop: true, members: [{ ...pending, notScanned: true }] }), NOW);
    expect(v.requests[0]?.notScanned).toBe(true);
  });

  it("settings: Forget remembered laptops is off while none are remembered", () => {
    expect(present(camera({ camera: "on" }), NOW).controls.forget).toEqual({
      enabled: false,
      hint: "This phone remembers no laptops.",
    });
    expect(present(camera({ camera: "on", remembered: 2 }), NOW).controls.forget).toEqual({
      enabled: true,
      hint: "This phone remembers 2 laptops: they watch without a question.",
    });
  });

  it("a ticked box is forgotten once its request is gone", () => {
    const ticked = applyChange(camera({ ...live, members: [pending] }), {
      type: "remember-ticked",
      id: "v1",
      ticked: true,
    });
    expect(ticked.rememberTicked).toEqual(["v1"]);
    const gone = applyChange(ticked, {
      type: "room",
      room: {
        ...noMembers,
        connection: "online",
        code: "483920",
        viewers: 0,
        connecting: 0,
        anyConnected: false,
        lastFailure: undefined,
      },
    });
    expect(gone.rememberTicked).toEqual([]);
  });
});
