// Network links emulated in Chromium for the first-frame figure (DevTools Network.emulateNetworkConditions).
export interface LinkConditions {
  name: string;
  /** Added by Chromium to every request's time to response headers, and to WebSocket frames (ms). */
  latencyMs: number;
  /** Bits per second, each way. */
  downloadBps: number;
  uploadBps: number;
}

/** A phone on home Wi-Fi: 20 ms round trip, 30 Mbit/s each way. */
export const PHONE_WIFI: LinkConditions = {
  name: "simulated phone Wi-Fi (20 ms RTT, 30 Mbit/s)",
  latencyMs: 20,
  downloadBps: 30e6,
  uploadBps: 30e6,
};
