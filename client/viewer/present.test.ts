// Every viewer state → what the laptop shows, without a browser.
import { describe, expect, it } from "vitest";
import { ErrorCode } from "../../signaling/protocol.js";
import { present } from "./present.js";
import {
  applyChange,
  CAMERA_GONE_GRACE_MS,
  initialViewerState,
  isStalled,
  STALL_MS,
  type ViewerState,
} from "./state.js";

const NOW = 5_000_000;
const config = { iceServers: [], maxViewers: 1, codeTtlSeconds: 600, shareOrigin: "https://192.0.2.2:5443" };

function viewer(patch: Partial<ViewerState> = {}): ViewerState {
  return { ...initialViewerState({ touch: false, clean: false }), config, connection: "online", ...patch };
}
const inRoom = { code: "483920" };
const live = {
  ...inRoom,
  cameraInRoom: true,
  cameraSeen: true,
  link: "live" as const,
  picture: true,
  lastFrameAt: NOW,
};

describe("viewer present()", () => {
  it("no code: the start view, ready", () => {
    const v = present(viewer(), NOW);
    expect(v.view).toBe("start");
    expect(v.status).toEqual({ text: "Ready", tone: "idle", name: "idle" });
    expect(v.header.leave).toBeUndefined();
  });

  it("a code from the URL being joined: loading, nothing else shown yet", () => {
    expect(present(viewer({ joining: "483920", fromUrl: true }), NOW).view).toBe("loading");
  });

  it("in the room without a camera: the QR view, and no expiry while this page holds the code", () => {
    const v = present(viewer(inRoom), NOW);
    expect(v.view).toBe("pairing");
    expect(v.status.name).toBe("waiting");
    expect(v.pairing.hint).toBe("The code works as long as this page stays open.");
    expect(v.header).toEqual({ chip: "Code 483 920", leave: "Cancel" });
  });

  it("live: a decoded picture, not just a connection", () => {
    expect(present(viewer(live), NOW).status).toEqual({ text: "Live", tone: "ok", name: "live" });
    expect(present(viewer(live), NOW).stage).toMatchObject({ state: "live", liveBadge: true, overlay: undefined });
    expect(present(viewer({ ...live, picture: false }), NOW).status.name).toBe("camera-starting");
  });

  it("frames stop for two seconds: says the picture stopped instead of Live", () => {
    let state = applyChange(viewer(live), { type: "frames", grew: false, picture: true, now: NOW + STALL_MS - 1 });
    expect(isStalled(state, NOW + STALL_MS - 1)).toBe(false);
    expect(present(state, NOW + STALL_MS - 1).status.name).toBe("live");
    const v = present(state, NOW + STALL_MS);
    expect(v.status).toMatchObject({ tone: "warn", name: "stalled" });
    expect(v.stage).toMatchObject({ state: "interrupted", liveBadge: false });
    expect(v.stage.overlay?.title).toBe("The picture stopped");
    state = applyChange(state, { type: "frames", grew: true, picture: true, now: NOW + STALL_MS + 500 });
    expect(present(state, NOW + STALL_MS + 500).status.name).toBe("live");
  });

  it("the phone stopped: the QR view again, so it can pair once more", () => {
    const v = present(viewer({ ...inRoom, cameraSeen: true, bye: true, cameraGoneAt: NOW }), NOW);
    expect(v.view).toBe("pairing");
    expect(v.status).toEqual({ text: "The phone stopped the camera", tone: "idle", name: "stopped" });
    expect(v.pairing.title).toBe("The phone stopped the camera");
  });

  it("the phone vanished: the video view for a grace period, then the QR", () => {
    const gone = viewer({ ...inRoom, cameraSeen: true, cameraGoneAt: NOW });
    expect(present(gone, NOW + 1_000).view).toBe("watch");
    expect(present(gone, NOW + 1_000).status.name).toBe("camera-gone");
    expect(present(gone, NOW + CAMERA_GONE_GRACE_MS).view).toBe("pairing");
  });

  it("no path between the devices: a headline in the status, the advice on the stage", () => {
    const end = { reason: "no-path" as const, wasConnected: false };
    const v = present(viewer({ ...inRoom, cameraInRoom: true, link: "idle", end }), NOW);
    expect(v.status).toMatchObject({
      tone: "error",
      name: "failed",
      text: "No direct path between the devices: a TURN relay is needed",
    });
    expect(v.stage.overlay?.body).toMatch(/set one up \(TURN_URLS\)/);
  });

  it("offline and server restart while the video plays", () => {
    expect(present(viewer({ ...live, connection: "offline" }), NOW).status.name).toBe("live-offline");
    expect(present(viewer({ ...live, code: undefined, roomLost: true }), NOW).status.name).toBe("live-moving");
  });

  it("sound: no sound, then click (or tap on a touchscreen) for sound, then sound on", () => {
    expect(present(viewer(live), NOW).controls.sound).toMatchObject({ enabled: false, label: "No sound" });
    expect(present(viewer({ ...live, audio: true }), NOW).controls.sound.label).toBe("Click for sound");
    expect(present(viewer({ ...live, audio: true, touch: true }), NOW).controls.sound.label).toBe("Tap for sound");
    expect(present(viewer({ ...live, audio: true, muted: false }), NOW).controls.sound).toMatchObject({
      on: true,
      label: "Sound on",
    });
  });

  it("recording: the button counts the time; picture-in-picture only where supported", () => {
    const v = present(viewer({ ...live, canRecord: true, recording: 65.4 }), NOW);
    expect(v.controls.record).toEqual({ enabled: true, on: true, label: "Stop 1:05" });
    expect(v.stage.recording).toBe("1:05");
    expect(present(viewer(live), NOW).controls.pip.shown).toBe(false);
    expect(present(viewer({ ...live, pip: { supported: true, active: false } }), NOW).controls.pip).toEqual({
      shown: true,
      enabled: true,
      on: false,
    });
  });

  it("the clean view never shows the QR code", () => {
    const v = present(viewer({ ...inRoom, clean: true }), NOW);
    expect(v.view).toBe("watch");
    expect(v.clean).toBe(true);
    expect(v.stage.overlay?.title).toBe("Waiting for the phone to join…");
  });

  it("the clean view with an unknown or ended code: one line on black, never the start page", () => {
    const notFound = { kind: "refused" as const, code: ErrorCode.CODE_NOT_FOUND };
    const v = present(viewer({ clean: true, notice: { title: "Couldn't join 000 000", problem: notFound } }), NOW);
    expect(v.view).toBe("watch");
    expect(v.stage).toMatchObject({ state: "waiting", liveBadge: false });
    expect(v.stage.overlay).toEqual({
      title: "Couldn't join 000 000. No camera has that code.",
      body: "",
      spinner: false,
    });
    const ended = { title: "Code 483 920 ended", problem: notFound };
    expect(present(viewer({ clean: true, notice: ended }), NOW).stage.overlay?.title).toBe(
      "Code 483 920 ended. No camera has that code.",
    );
    expect(present(viewer({ clean: true }), NOW).view).toBe("watch");
    expect(present(viewer({ clean: true, joining: "483920", fromUrl: true }), NOW).stage.overlay?.title).toBe(
      "Joining 483 920…",
    );
  });

  it("the clean view with a picture: the video alone, also frozen or after a restart", () => {
    const clean = { ...live, clean: true };
    expect(present(viewer(clean), NOW).stage).toMatchObject({ state: "live", overlay: undefined, liveBadge: false });
    const stalled = present(viewer(clean), NOW + STALL_MS * 2).stage;
    expect(stalled).toMatchObject({ state: "live", overlay: undefined });
    const moved = present(viewer({ ...clean, code: undefined, roomLost: true }), NOW).stage;
    expect(moved).toMatchObject({ state: "live", overlay: undefined });
    // No picture: the status in one line, no spinner.
    const waiting = present(viewer({ ...inRoom, clean: true }), NOW).stage.overlay;
    expect(waiting).toEqual({ title: "Waiting for the phone to join…", body: "", spinner: false });
  });

  it("the clean view while the phone is asked: the words, which pairing needs", () => {
    const asked = { ...inRoom, clean: true, cameraInRoom: true, link: "live" as const, access: "pending" as const };
    expect(present(viewer({ ...asked, words: "acorn bell zoo" }), NOW).stage.overlay).toMatchObject({
      words: "acorn bell zoo",
      spinner: false,
    });
  });

  it("refusals in words: a full room with correct grammar, a rate limit counting down, a short code", () => {
    const full = present(viewer({ problem: { kind: "refused", code: ErrorCode.ROOM_FULL } }), NOW).start.codeError;
    expect(full).toBe("This camera already has 1 viewer, the most it allows. Ask one to leave, then try again.");
    const limited = { kind: "refused" as const, code: ErrorCode.RATE_LIMITED, retryAt: NOW + 30_000 };
    const notice = present(viewer({ notice: { title: "Couldn't create a code", problem: limited } }), NOW + 1_000).start
      .notice;
    expect(notice).toEqual({
      title: "Couldn't create a code",
      body: "Too many tries from this network. Try again in 29 s.",
      retry: undefined,
    });
    expect(present(viewer({ problem: { kind: "incomplete", digits: 1 } }), NOW).start.codeError).toBe(
      "A code is six digits; only 1 is filled in.",
    );
  });
});

describe("viewer present(): verified pairing (issue 16)", () => {
  const connected = { ...inRoom, cameraInRoom: true, cameraSeen: true, link: "live" as const };

  it("the phone is asked: the waiting line with the words, and no 'starting its camera'", () => {
    const v = present(viewer({ ...connected, access: "pending", words: "acorn bell zoo" }), NOW);
    expect(v.stage.overlay).toEqual({
      title: "Waiting for the phone to allow this laptop — check that it shows:",
      body: "",
      spinner: true,
      words: "acorn bell zoo",
    });
    expect(v.status).toEqual({ text: "Waiting for the phone's approval", tone: "busy", name: "pending" });
    expect(v.stage.verified).toBe(false);
  });

  it("verified or allowed: the Verified badge while the link is up", () => {
    expect(present(viewer({ ...live, access: "verified" }), NOW).stage.verified).toBe(true);
    expect(present(viewer({ ...live, access: "allowed" }), NOW).stage.verified).toBe(true);
    expect(present(viewer({ ...live, access: "allowed", link: "idle" }), NOW).stage.verified).toBe(false);
    expect(present(viewer(live), NOW).stage.verified).toBe(false);
  });

  it("declined or removed: says so, with no spinner, and no waiting line", () => {
    const declined = present(viewer({ ...connected, link: "idle", refused: "denied", access: "denied" }), NOW);
    expect(declined.status).toEqual({ text: "The phone declined this laptop.", tone: "error", name: "declined" });
    expect(declined.stage.overlay).toMatchObject({ title: "The phone declined this laptop.", spinner: false });
    expect(declined.stage.overlay?.words).toBeUndefined();
    const removed = present(viewer({ ...connected, refused: "removed" }), NOW);
    expect(removed.status.text).toBe("The phone removed this laptop.");
  });

  it("Deny then the server's removal: the reason stays 'declined'", () => {
    let state = applyChange(viewer(connected), { type: "refused", why: "denied" });
    state = applyChange(state, { type: "refused", why: "removed" });
    expect(state.refused).toBe("denied");
    expect(applyChange(state, { type: "joined" }).refused).toBeUndefined();
  });
});

describe("viewer present(): the phone's camera did not open (issue 19)", () => {
  const connected = { ...inRoom, cameraInRoom: true, cameraSeen: true, link: "live" as const };

  it("says why, instead of 'the phone is starting its camera'", () => {
    const v = present(viewer({ ...connected, phoneCamera: "denied" }), NOW);
    expect(v.view).toBe("watch");
    expect(v.status).toEqual({
      text: "The phone could not open its camera: camera permission was denied on the phone",
      tone: "error",
      name: "phone-camera",
    });
    expect(v.stage.overlay).toEqual({
      title: "The phone could not open its camera",
      body: "Camera permission was denied on the phone. The picture comes as soon as the phone's camera starts.",
      spinner: false,
    });
    expect(present(viewer({ ...connected, phoneCamera: "in-use" }), NOW).status.text).toBe(
      "The phone could not open its camera: another app on the phone is using it",
    );
    // In the clean view, the same line and nothing else.
    expect(present(viewer({ ...connected, clean: true, phoneCamera: "denied" }), NOW).stage.overlay?.title).toBe(
      "The phone could not open its camera: camera permission was denied on the phone",
    );
  });

  it("forgets it when the phone's camera opens, or a camera joins afresh", () => {
    const blocked = viewer({ ...connected, phoneCamera: "denied" });
    expect(applyChange(blocked, { type: "phone-camera", problem: undefined }).phoneCamera).toBeUndefined();
    expect(applyChange(blocked, { type: "camera-joined" }).phoneCamera).toBeUndefined();
    expect(present(viewer(connected), NOW).status.name).toBe("camera-starting");
  });
});

describe("viewer applyChange(): what the camera says", () => {
  it("denied or removed turns the laptop away; asked again or let in clears it", () => {
    const denied = applyChange(viewer(inRoom), { type: "access-said", state: "denied" });
    expect(denied.refused).toBe("denied");
    expect(applyChange(denied, { type: "access-said", state: "pending" }).refused).toBeUndefined();
    expect(applyChange(denied, { type: "access-said", state: "verified" }).refused).toBeUndefined();
    expect(applyChange(viewer(inRoom), { type: "access-said", state: "removed" }).refused).toBe("removed");
  });
});
