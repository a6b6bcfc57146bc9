// A call from this device to itself: two RTCPeerConnections in one page, video from `stream` one way, until the
// receiver has decoded enough frames. Proves the browser can encode, send, receive and decode media here.
import { mediaReceived, type MediaReceived } from "./media-flow.js";
import { findSelectedPair, type SelectedPair } from "./selected-pair.js";

export interface LoopbackResult extends MediaReceived {
  pair: SelectedPair | undefined;
}

export interface LoopbackOptions {
  config: RTCConfiguration;
  stream: MediaStream;
  /** Frames the receiver must decode before the call counts as working. */
  frames: number;
  timeoutMs: number;
  /** How often the receiver's stats are read. */
  pollMs?: number;
}

/**
 * Resolves with what arrived once `frames` frames were decoded; rejects with an Error saying how far it got when
 * the time runs out. Both connections are closed either way.
 */
export async function runLoopback(opts: LoopbackOptions): Promise<LoopbackResult> {
  const sender = new RTCPeerConnection(opts.config);
  const receiver = new RTCPeerConnection(opts.config);
  // Candidates go across as they come; one that arrives before its description is applied waits for it.
  const relay = (from: RTCPeerConnection, to: RTCPeerConnection) => {
    const pending: RTCIceCandidate[] = [];
    from.addEventListener("icecandidate", ({ candidate }) => {
      if (!candidate) return;
      if (to.remoteDescription) void to.addIceCandidate(candidate).catch(() => {});
      else pending.push(candidate);
    });
    return () => {
      for (const c of pending.splice(0)) void to.addIceCandidate(c).catch(() => {});
    };
  };
  const flushToReceiver = relay(sender, receiver);
  const flushToSender = relay(receiver, sender);
  try {
    for (const track of opts.stream.getVideoTracks()) sender.addTrack(track, opts.stream);
    await sender.setLocalDescription();
    await receiver.setRemoteDescription(sender.localDescription!);
    flushToReceiver();
    await receiver.setLocalDescription();
    await sender.setRemoteDescription(receiver.localDescription!);
    flushToSender();

    const deadline = performance.now() + opts.timeoutMs;
    let last: LoopbackResult = { framesDecoded: 0, bytesReceived: 0, pair: undefined };
    while (performance.now() < deadline) {
      await new Promise((r) => setTimeout(r, opts.pollMs ?? 250));
      if (receiver.connectionState === "failed") throw new Error("the two connections found no path to each other");
      const stats = [...(await receiver.getStats()).values()];
      last = { ...mediaReceived(stats), pair: findSelectedPair(stats) };
      if (last.framesDecoded >= opts.frames) return last;
    }
    throw new Error(
      `only ${last.framesDecoded} of ${opts.frames} frames decoded in ${opts.timeoutMs / 1000} s ` +
        `(${last.bytesReceived} bytes received, connection ${receiver.connectionState})`,
    );
  } finally {
    sender.close();
    receiver.close();
  }
}
