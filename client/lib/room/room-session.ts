// One page's membership in a code room: joins with the reclaim token, rejoins after every reconnect, tracks
// who else is in the room, and carries the WebRTC signals (docs/PROTOCOL.md "Events").
import {
  ErrorCode,
  type Answer,
  type IceCandidate,
  type JoinRoomReply,
  type JoinRoomSuccess,
  type Offer,
  type PeerInfo,
  type Relayed,
  type Role,
  type RoomCode,
  type WireError,
} from "../../../signaling/protocol.js";
import { ServerRefusal } from "../api.js";
import { Emitter } from "../emitter.js";
import { forgetToken, loadToken, saveToken } from "./session-token.js";
import { connectSignaling, type SignalingSocket } from "./signaling.js";

/** online: connected to the signaling server; offline: not, and Socket.IO is retrying with backoff. */
export type ConnectionState = "connecting" | "online" | "offline";

export interface RoomEvents {
  connection: [state: ConnectionState];
  /** Joined, or joined again after a reconnect (`rejoined`): `peers` is the room as the server now sees it. */
  joined: [success: JoinRoomSuccess, rejoined: boolean];
  /** A rejoin after a reconnect failed for good (CODE_NOT_FOUND after a server restart, ROOM_FULL, ...). */
  lost: [error: WireError, code: RoomCode];
  /** The room's camera removed this page from the room (docs/PROTOCOL.md `removed`); no rejoin follows. */
  removed: [code: RoomCode];
  peer_joined: [peer: PeerInfo];
  peer_left: [peer: PeerInfo];
  offer: [msg: Relayed<Offer>];
  answer: [msg: Relayed<Answer>];
  ice_candidate: [msg: Relayed<IceCandidate>];
}

const JOIN_TIMEOUT_MS = 8_000;
/** Errors that say "try again later", not "this code is wrong": a rejoin keeps trying on these. */
const TRANSIENT: ReadonlySet<ErrorCode> = new Set([ErrorCode.RATE_LIMITED, ErrorCode.UNAVAILABLE, ErrorCode.INTERNAL]);

export class RoomSession extends Emitter<RoomEvents> {
  readonly socket: SignalingSocket;
  #code: RoomCode | undefined;
  #joined: JoinRoomSuccess | undefined;
  /** True once a join succeeded, until leave(): the session rejoins on every reconnect while it is set. */
  #member = false;
  #members = new Map<string, PeerInfo>();
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #retryDelayMs = 1_000;
  #state: ConnectionState = "connecting";

  constructor(
    readonly role: Role,
    socket: SignalingSocket = connectSignaling(),
  ) {
    super();
    this.socket = socket;
    socket.on("connect", () => {
      this.#setState("online");
      if (this.#member && this.#code) void this.#rejoin(this.#code);
    });
    socket.on("disconnect", () => {
      this.#joined = undefined;
      this.#setState("offline");
    });
    // A first connection that fails (server down when the page opened) is "offline" too, not "connecting".
    socket.on("connect_error", () => this.#setState("offline"));
    socket.on("peer_joined", (peer) => {
      this.#members.set(peer.id, peer);
      this.emit("peer_joined", peer);
    });
    socket.on("peer_left", (peer) => {
      this.#members.delete(peer.id);
      this.emit("peer_left", peer);
    });
    socket.on("offer", (msg) => this.emit("offer", msg));
    socket.on("answer", (msg) => this.emit("answer", msg));
    socket.on("ice_candidate", (msg) => this.emit("ice_candidate", msg));
    socket.on("signal_error", (err) => console.debug("codecam: signal refused", err.event, err.error));
    socket.on("removed", (msg) => this.#onRemoved(msg.code));
  }

  get connection(): ConnectionState {
    return this.#state;
  }
  /** The room this page is in, or is trying to get back into. */
  get code(): RoomCode | undefined {
    return this.#code;
  }
  get inRoom(): boolean {
    return this.#joined !== undefined && this.socket.connected;
  }
  /** The other members, as of the last join plus peer_joined/peer_left since. */
  get members(): PeerInfo[] {
    return [...this.#members.values()];
  }

  /**
   * Joins `code` in this session's role, using the tab's saved token so a reload reclaims its own slot.
   * Waits for the socket if it is still connecting. Throws ServerRefusal with the server's error code.
   */
  async join(code: RoomCode): Promise<JoinRoomSuccess> {
    if (this.#member && this.#code !== code) await this.leave();
    this.#code = code;
    const reply = await this.#request(code).catch(
      (): JoinRoomReply => ({
        ok: false,
        error: { code: ErrorCode.UNAVAILABLE, message: "can't reach the codecam server" },
      }),
    );
    if (!reply.ok) {
      this.#code = undefined;
      // A token for a code that is gone or taken is worth nothing next time; a busy server says nothing about it.
      if (!TRANSIENT.has(reply.error.code)) forgetToken(this.role, code);
      throw ServerRefusal.fromWire(reply.error);
    }
    this.#accept(reply, false);
    return reply;
  }

  /** Leaves the room and forgets its token: the user is done with this code. */
  async leave(): Promise<void> {
    const code = this.#code;
    this.#member = false;
    this.#joined = undefined;
    this.#code = undefined;
    this.#members.clear();
    clearTimeout(this.#retryTimer);
    if (!code) return;
    forgetToken(this.role, code);
    if (this.socket.connected) this.socket.emit("leave_room", { code });
  }

  /**
   * Camera only: takes the viewer `id` out of the room; the server refuses its token for this code from then
   * on (docs/PROTOCOL.md `remove_peer`). Resolves false when the server refused or did not answer.
   */
  removePeer(id: string): Promise<boolean> {
    const code = this.#code;
    if (!code || !this.inRoom) return Promise.resolve(false);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), JOIN_TIMEOUT_MS);
      this.socket.emit("remove_peer", { code, id }, (reply) => {
        clearTimeout(timer);
        if (!reply.ok) console.warn("codecam: the server did not remove a viewer", reply.error);
        resolve(reply.ok);
      });
    });
  }

  /** Sends an offer to the member `to`. Signals are dropped while out of the room: links re-offer on rejoin. */
  sendOffer(to: string, offer: Offer["offer"]): boolean {
    return this.#ifInRoom("offer", (room_code) => this.socket.emit("offer", { room_code, to, offer }));
  }
  sendAnswer(to: string, answer: Answer["answer"]): boolean {
    return this.#ifInRoom("answer", (room_code) => this.socket.emit("answer", { room_code, to, answer }));
  }
  sendCandidate(to: string, candidate: IceCandidate["candidate"]): boolean {
    return this.#ifInRoom("ice_candidate", (room_code) =>
      this.socket.emit("ice_candidate", { room_code, to, candidate }),
    );
  }

  #ifInRoom(event: string, send: (room_code: RoomCode) => void): boolean {
    if (!this.inRoom || !this.#code) {
      console.debug(`codecam: ${event} dropped while out of the room`);
      return false;
    }
    send(this.#code);
    return true;
  }

  #onRemoved(code: RoomCode): void {
    if (code !== this.#code) return;
    // Out for good: the token no longer opens this room, and a rejoin would only be refused.
    this.#member = false;
    this.#joined = undefined;
    this.#code = undefined;
    this.#members.clear();
    clearTimeout(this.#retryTimer);
    forgetToken(this.role, code);
    this.emit("removed", code);
  }

  #connected(): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.socket.off("connect", onConnect);
        reject(new Error("not connected"));
      }, JOIN_TIMEOUT_MS);
      const onConnect = () => {
        clearTimeout(timer);
        resolve();
      };
      this.socket.once("connect", onConnect);
    });
  }

  #setState(state: ConnectionState): void {
    if (state === this.#state) return;
    this.#state = state;
    this.emit("connection", state);
  }

  #accept(reply: JoinRoomSuccess, rejoined: boolean): void {
    this.#member = true;
    this.#joined = reply;
    this.#retryDelayMs = 1_000;
    this.#members = new Map(reply.peers.map((p) => [p.id, p]));
    saveToken(this.role, reply.code, reply.token);
    this.emit("joined", reply, rejoined);
  }

  async #rejoin(code: RoomCode): Promise<void> {
    clearTimeout(this.#retryTimer);
    let reply: JoinRoomReply;
    try {
      reply = await this.#request(code);
    } catch {
      return; // disconnected again: the next "connect" retries
    }
    if (this.#code !== code || !this.#member) return; // the page moved on while we waited
    if (reply.ok) return this.#accept(reply, true);
    if (TRANSIENT.has(reply.error.code) && this.socket.connected) {
      this.#retryTimer = setTimeout(() => void this.#rejoin(code), this.#retryDelayMs);
      this.#retryDelayMs = Math.min(this.#retryDelayMs * 2, 15_000);
      return;
    }
    this.#member = false;
    this.#code = undefined;
    this.#members.clear();
    forgetToken(this.role, code);
    this.emit("lost", reply.error, code);
  }

  async #request(code: RoomCode): Promise<JoinRoomReply> {
    // Emit only on a live connection: Socket.IO would buffer it and send it after we gave up waiting, leaving
    // the socket in a room this page no longer thinks it is in.
    if (!this.socket.connected) await this.#connected();
    const token = loadToken(this.role, code);
    return new Promise<JoinRoomReply>((resolve, reject) => {
      // The timer covers a server that never answers.
      const timer = setTimeout(() => {
        resolve({ ok: false, error: { code: ErrorCode.UNAVAILABLE, message: "the server did not answer in time" } });
      }, JOIN_TIMEOUT_MS);
      const onDisconnect = () => {
        clearTimeout(timer);
        reject(new Error("disconnected"));
      };
      this.socket.once("disconnect", onDisconnect);
      this.socket.emit("join_room", { code, type: this.role, ...(token ? { token } : {}) }, (reply) => {
        clearTimeout(timer);
        this.socket.off("disconnect", onDisconnect);
        resolve(reply);
      });
    });
  }
}
