// This laptop's identity towards the phone (design of issue 16): its lasting certificate, presented on every
// connection, and the certificate's fingerprint, which the QR link names. A browser that cannot make or keep one
// still works: its links use a certificate of the moment, and the phone asks about it.
import type { RoomCode } from "../../signaling/protocol.js";
import { freshRtcConfig } from "../lib/rtc/rtc-config.js";
import { loadViewerCertificate } from "../lib/trust/certificate.js";
import { certificateFingerprint } from "../lib/trust/fingerprint.js";

export interface ViewerIdentity {
  /** The fingerprint hex for the QR link, or undefined without a lasting certificate. */
  fingerprint: Promise<string | undefined>;
  /** A fresh RTCConfiguration for `code` (TURN credentials are per connection) that presents the certificate. */
  rtcConfig(code: RoomCode | undefined): Promise<RTCConfiguration>;
}

export function viewerIdentity(): ViewerIdentity {
  const certificate = loadViewerCertificate().catch((err: unknown) => {
    console.warn("codecam: no lasting certificate; the phone will ask about this laptop", err);
    return undefined;
  });
  return {
    fingerprint: certificate.then((cert) => (cert ? certificateFingerprint(cert) : undefined)).catch(() => undefined),
    async rtcConfig(code) {
      const [config, cert] = await Promise.all([freshRtcConfig(code), certificate]);
      return cert ? { ...config, certificates: [cert] } : config;
    },
  };
}
