// The camera's decisions about viewers, driven with stand-ins for the room and the links (the real words
// exchange runs between them): who is verified, who is asked, and what Allow, Deny, expiry and a broken
// exchange do to a link's media.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { PeerInfo } from "../../../signaling/protocol.js";
import { Emitter } from "../emitter.js";
import type { RoomSession } from "../room/room-session.js";
import { ViewerSas } from "../trust/sas.js";
import type { Broadcast } from "./broadcast.js";
import { Gatekeeper, REQUEST_TIMEOUT_MS } from "./gatekeeper.js";
import type { AccessState, LinkMessage } from "./link-messages.js";
import type { LinkEnd, PeerLink, PeerLinkEvents } from "./peer-link.js";

const CAMERA = "c".repeat(64);
const LAPTOP = "a".repeat(64);
const STRANGER = "b".repeat(64);
const CODE = "483920";

class FakeLink extends Emitter<PeerLinkEvents> {
  connected = false;
  closed = false;
  mediaAllowed = false;
  readonly localFingerprint = CAMERA;
  remoteFingerprint: string | undefined;
  readonly sent: LinkMessage[] = [];
  send(msg: LinkMessage): boolean {
    this.sent.push(msg);
    return this.connected;
  }
  allowMedia(allowed: boolean): void {
    this.mediaAllowed = allowed;
  }
  close(end: LinkEnd = { reason: "local", wasConnected: this.connected }): void {
    if (this.closed) return;
    this.closed = true;
    this.emit("closed", end);
  }
  /** The viewer's answer names `fingerprint`, and the data channel opens. */
  answer(fingerprint: string): void {
    this.remoteFingerprint = fingerprint;
    this.emit("fingerprint", fingerprint);
    this.connected = true;
    this.emit("connected");
  }
  deliver(msg: LinkMessage): void {
    this.emit("message", msg);
  }
  access(): AccessState[] {
    return this.sent.flatMap((m) => (m.t === "access" ? [m.state] : []));
  }
}

class FakeRoom extends Emitter<{
  joined: [];
  peer_joined: [PeerInfo];
  peer_left: [PeerInfo];
  link: [string, PeerLink];
}> {
  code: string | undefined = CODE;
  members: PeerInfo[] = [];
  readonly removed: string[] = [];
  async removePeer(id: string): Promise<boolean> {
    this.removed.push(id);
    this.leave(id);
    return true;
  }
  join(id: string): void {
    const peer = { id, type: "viewer" as const };
    this.members.push(peer);
    this.emit("peer_joined", peer);
  }
  leave(id: string): void {
    const peer = this.members.find((p) => p.id === id);
    if (!peer) return;
    this.members = this.members.filter((p) => p !== peer);
    this.emit("peer_left", peer);
  }
  offer(id: string): FakeLink {
    const link = new FakeLink();
    this.emit("link", id, link as unknown as PeerLink);
    return link;
  }
  linkTo(): undefined {
    return undefined;
  }
}

let room: FakeRoom;
let remembered: Set<string>;
let qr: string | undefined;
let gate: Gatekeeper;

beforeEach(() => {
  vi.useFakeTimers();
  room = new FakeRoom();
  remembered = new Set();
  qr = undefined;
  gate = new Gatekeeper(room as unknown as RoomSession, room as unknown as Broadcast, {
    qrLaptop: (code) => (code === CODE ? qr : undefined),
    isRemembered: (fp) => remembered.has(fp),
    remember: (fp) => remembered.add(fp),
    maxViewers: () => 4,
  });
});
afterEach(() => {
  vi.useRealTimers();
});

/** A viewer joins, is offered a link, answers with `fingerprint`, and runs its half of the words. */
async function viewerAsks(id: string, fingerprint: string): Promise<{ link: FakeLink; words: string }> {
  room.join(id);
  const link = room.offer(id);
  link.answer(fingerprint);
  const sas = new ViewerSas({ camera: CAMERA, viewer: fingerprint });
  link.deliver(await sas.start());
  const nonce = link.sent.find((m) => m.t === "sas-nonce");
  if (nonce?.t !== "sas-nonce") throw new Error("the camera sent no nonce");
  const result = await sas.onNonce(nonce);
  if (!result.ok) throw new Error(result.reason);
  link.deliver(result.reveal);
  await vi.waitFor(() => expect(gate.members.find((m) => m.id === id)?.status).not.toBe("connecting"));
  return { link, words: result.words.join(" ") };
}

describe("Gatekeeper", () => {
  it("the QR laptop: media on at once, told it is verified, never asked", () => {
    qr = LAPTOP;
    room.join("v1");
    const link = room.offer("v1");
    expect(link.mediaAllowed).toBe(false);
    link.answer(LAPTOP);
    expect(link.mediaAllowed).toBe(true);
    expect(link.access()).toEqual(["verified"]);
    expect(gate.members).toMatchObject([{ id: "v1", status: "verified", how: "qr", notScanned: false }]);
  });

  it("a remembered laptop is verified too", () => {
    remembered.add(LAPTOP);
    room.join("v1");
    room.offer("v1").answer(LAPTOP);
    expect(gate.members[0]).toMatchObject({ status: "verified", how: "remembered" });
  });

  it("anyone else: asked with the viewer's own words, no media until Allow, remembered on request", async () => {
    const { link, words } = await viewerAsks("v1", STRANGER);
    expect(gate.members[0]).toMatchObject({ status: "pending", notScanned: false });
    expect(gate.members[0]?.words?.join(" ")).toBe(words);
    expect(link.access()).toEqual(["pending"]);
    expect(link.mediaAllowed).toBe(false);

    gate.allow("v1", true);
    expect(link.mediaAllowed).toBe(true);
    expect(link.access()).toEqual(["pending", "allowed"]);
    expect(remembered.has(STRANGER)).toBe(true);
    // Its next link (a reconnect) needs no question.
    const again = room.offer("v1");
    again.answer(STRANGER);
    expect(again.mediaAllowed).toBe(true);
  });

  it("a phone opened from a QR link marks another device's answer as not the scanned laptop", async () => {
    qr = LAPTOP;
    await viewerAsks("v1", STRANGER);
    expect(gate.members[0]).toMatchObject({ status: "pending", notScanned: true });
  });

  it("Deny: told, closed, out of the room, and that certificate is turned away from then on", async () => {
    const { link } = await viewerAsks("v1", STRANGER);
    gate.deny("v1");
    expect(link.mediaAllowed).toBe(false);
    expect(link.access()).toEqual(["pending", "denied"]);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(link.closed).toBe(true);
    expect(room.removed).toEqual(["v1"]);
    // The same laptop joins again under a new id: refused on its answer, no question.
    room.join("v2");
    const back = room.offer("v2");
    back.answer(STRANGER);
    expect(back.access()).toEqual(["denied"]);
    expect(gate.members.find((m) => m.id === "v2")).toMatchObject({ status: "refused", refusal: "denied" });
  });

  it("a request nobody answers expires after a minute: turned away, but asked again if it comes back", async () => {
    const { link } = await viewerAsks("v1", STRANGER);
    await vi.advanceTimersByTimeAsync(REQUEST_TIMEOUT_MS + 1_000);
    expect(link.access()).toEqual(["pending", "denied"]);
    expect(room.removed).toEqual(["v1"]);
    const again = await viewerAsks("v2", STRANGER);
    expect(again.link.access()).toEqual(["pending"]);
  });

  it("a reveal that does not match its commitment: the link closes and nobody is asked", async () => {
    room.join("v1");
    const link = room.offer("v1");
    link.answer(STRANGER);
    const sas = new ViewerSas({ camera: CAMERA, viewer: STRANGER });
    link.deliver(await sas.start());
    link.deliver({ t: "sas-reveal", n: "A".repeat(43) });
    await vi.waitFor(() => expect(gate.members[0]?.status).toBe("refused"));
    expect(gate.members[0]).toMatchObject({ refusal: "exchange", words: undefined });
    expect(link.mediaAllowed).toBe(false);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(link.closed).toBe(true);
  });

  it("an answer that names no single certificate: refused as unverifiable", () => {
    room.join("v1");
    room.offer("v1").close({ reason: "unverified", wasConnected: false, detail: "several" });
    expect(gate.members[0]).toMatchObject({ status: "refused", refusal: "unverifiable" });
  });

  it("Remove takes anyone out, also a viewer that never answered", async () => {
    room.join("quiet");
    expect(gate.members).toMatchObject([{ id: "quiet", status: "connecting" }]);
    gate.remove("quiet");
    await vi.advanceTimersByTimeAsync(10);
    expect(room.removed).toEqual(["quiet"]);
    expect(gate.members).toEqual([]);
  });

  it("a removed QR laptop is asked about if it comes back", () => {
    qr = LAPTOP;
    room.join("v1");
    room.offer("v1").answer(LAPTOP);
    gate.remove("v1");
    room.join("v2");
    const back = room.offer("v2");
    back.answer(LAPTOP);
    expect(back.mediaAllowed).toBe(false);
    expect(gate.members.find((m) => m.id === "v2")?.status).toBe("connecting");
  });
});
