// One PeerLink built ahead of need, so that the first offer or answer does not wait for the ICE config and a new
// RTCPeerConnection. The camera keeps one while it joins, the viewer one from the moment it is in the room.
import type { RoomCode } from "../../../signaling/protocol.js";
import type { PeerLink } from "./peer-link.js";

export class SpareLink {
  #spare: { code: RoomCode; link: Promise<PeerLink> } | undefined;

  /** Builds a spare for room `code`, unless there already is one for it; a spare for another room is dropped. */
  prepare(code: RoomCode, build: () => Promise<PeerLink>): void {
    if (this.#spare?.code === code) return;
    this.drop();
    this.#spare = { code, link: build() };
  }

  /** The spare, if it was built for `code` and is still open; it is no longer the spare either way. */
  async take(code: RoomCode): Promise<PeerLink | undefined> {
    const spare = this.#spare;
    this.#spare = undefined;
    if (!spare) return undefined;
    const link = await spare.link;
    if (spare.code === code && !link.closed) return link;
    link.close();
    return undefined;
  }

  /** Runs `use` on the spare once it is built (e.g. to give it the current tracks). */
  update(use: (link: PeerLink) => void): void {
    void this.#spare?.link.then(use);
  }

  drop(): void {
    this.update((link) => link.close());
    this.#spare = undefined;
  }
}
