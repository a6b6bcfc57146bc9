// ICE candidate gathering with a given RTCConfiguration, on a connection that never connects: which addresses
// this device can offer (host, STUN's srflx, TURN's relay), and the errors its STUN/TURN servers gave.

export interface Gathered {
  /** Candidate lines in the order they came. */
  candidates: string[];
  /** `icecandidateerror` events: a server that refused (401…) or did not answer (701). */
  errors: Array<{ url: string; errorCode: number; errorText: string }>;
  /** False when the time ran out before the browser said gathering was complete. */
  complete: boolean;
}

/**
 * Gathers until the browser says it is done or `timeoutMs` passes (an unreachable STUN or TURN server keeps it
 * going for tens of seconds), then closes the connection. A data channel gives the offer something to negotiate.
 */
export async function gatherCandidates(config: RTCConfiguration, timeoutMs: number): Promise<Gathered> {
  const pc = new RTCPeerConnection(config);
  const out: Gathered = { candidates: [], errors: [], complete: false };
  try {
    const done = new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      pc.addEventListener("icecandidate", (event) => {
        if (event.candidate?.candidate) out.candidates.push(event.candidate.candidate);
        if (!event.candidate) {
          out.complete = true;
          clearTimeout(timer);
          resolve();
        }
      });
    });
    pc.addEventListener("icecandidateerror", (event) => {
      const e = event as RTCPeerConnectionIceErrorEvent;
      out.errors.push({ url: e.url ?? "", errorCode: e.errorCode, errorText: e.errorText ?? "" });
    });
    pc.createDataChannel("codecam-gather");
    await pc.setLocalDescription();
    await done;
    return out;
  } finally {
    pc.close();
  }
}
