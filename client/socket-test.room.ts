// Which room the diagnostic socket is in, as the server told it: code, role, and the peers it announced.
import type { JoinRoomSuccess, PeerInfo, Role, RoomCode } from "../signaling/protocol.js";

export interface Membership {
  code: RoomCode;
  role: Role;
  /** Our socket id as the room knows it. */
  id: string;
  token: string;
  peers: Map<string, Role>;
}

/** Tracks the membership from join_room_success, peer_joined and peer_left, and shows it in `label`. */
export class RoomState {
  readonly #label: HTMLElement;
  #membership: Membership | undefined;

  constructor(label: HTMLElement) {
    this.#label = label;
    this.#render();
  }

  get current(): Membership | undefined {
    return this.#membership;
  }

  joined(success: JoinRoomSuccess): void {
    this.#membership = {
      code: success.code,
      role: success.type,
      id: success.id,
      token: success.token,
      peers: new Map(success.peers.map((peer) => [peer.id, peer.type])),
    };
    this.#render();
  }

  peerJoined(peer: PeerInfo): void {
    this.#membership?.peers.set(peer.id, peer.type);
    this.#render();
  }

  peerLeft(peer: PeerInfo): void {
    this.#membership?.peers.delete(peer.id);
    this.#render();
  }

  /** Left on purpose, or the socket went away: the server drops a disconnected socket from its room. */
  left(): void {
    this.#membership = undefined;
    this.#render();
  }

  #render(): void {
    const m = this.#membership;
    this.#label.dataset.tone = m ? "ok" : "idle";
    this.#label.textContent = m ? `In ${m.code} as ${m.role} · ${describePeers(m.peers)}` : "Not in a room";
  }
}

function describePeers(peers: Map<string, Role>): string {
  if (peers.size === 0) return "alone";
  const roles = [...peers.values()];
  const cameras = roles.filter((role) => role === "camera").length;
  const viewers = roles.length - cameras;
  const parts = [];
  if (cameras > 0) parts.push(cameras === 1 ? "1 camera" : `${cameras} cameras`);
  if (viewers > 0) parts.push(viewers === 1 ? "1 viewer" : `${viewers} viewers`);
  return `with ${parts.join(" and ")}`;
}
