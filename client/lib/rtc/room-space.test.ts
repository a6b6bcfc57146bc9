// Which viewer leaves so the QR laptop finds a slot in a full room.
import { describe, expect, it } from "vitest";
import { ANSWER_GRACE_MS, nextRoomCheck, viewerToDrop, type RoomViewer } from "./room-space.js";

const QR = "a".repeat(64);
const OTHER = "b".repeat(64);
const NOW = 1_000_000;
const old = NOW - ANSWER_GRACE_MS;

function viewer(id: string, patch: Partial<RoomViewer> = {}): RoomViewer {
  return { id, joinedAt: old, verified: false, fingerprint: undefined, ...patch };
}

describe("viewerToDrop", () => {
  it("keeps everyone while the room has space", () => {
    expect(viewerToDrop([viewer("a"), viewer("b")], QR, 3, NOW)).toBeUndefined();
  });

  it("keeps everyone while the QR laptop is in the room, even still connecting", () => {
    const room = [viewer("a"), viewer("b"), viewer("qr", { fingerprint: QR, joinedAt: NOW })];
    expect(viewerToDrop(room, QR, 3, NOW)).toBeUndefined();
  });

  it("full without the QR laptop: the oldest unverified viewer goes", () => {
    const room = [viewer("b", { joinedAt: old - 5 }), viewer("a", { joinedAt: old - 10 }), viewer("c")];
    expect(viewerToDrop(room, QR, 3, NOW)).toBe("a");
  });

  it("never a verified viewer (another laptop the holder allowed)", () => {
    const room = [viewer("a", { verified: true, joinedAt: 0 }), viewer("b", { fingerprint: OTHER })];
    expect(viewerToDrop(room, QR, 2, NOW)).toBe("b");
    expect(viewerToDrop([viewer("a", { verified: true }), viewer("b", { verified: true })], QR, 2, NOW)).toBe(
      undefined,
    );
  });

  it("a viewer that just joined and has not answered gets its grace: it may be the QR laptop", () => {
    const room = [viewer("new", { joinedAt: NOW - 1_000 }), viewer("answered", { fingerprint: OTHER, joinedAt: NOW })];
    expect(viewerToDrop(room, QR, 2, NOW)).toBe("answered");
    expect(viewerToDrop([viewer("new", { joinedAt: NOW - 1_000 })], QR, 1, NOW)).toBeUndefined();
    expect(nextRoomCheck([viewer("new", { joinedAt: NOW - 1_000 })], NOW)).toBe(ANSWER_GRACE_MS - 1_000);
    expect(viewerToDrop([viewer("new", { joinedAt: NOW - 1_000 })], QR, 1, NOW + ANSWER_GRACE_MS)).toBe("new");
  });
});
