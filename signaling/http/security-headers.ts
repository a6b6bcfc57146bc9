// The security headers of every HTTP answer (helmet, plus Permissions-Policy), computed once per Host.
import type { RequestHandler } from "express";
import helmet from "helmet";
import { cachedByHost } from "./cached-headers.js";

export function securityHeaders(): RequestHandler {
  const permissions = "camera=(self), microphone=(self), fullscreen=(self), screen-wake-lock=(self), geolocation=()";
  const helmetHandler = helmet({
    contentSecurityPolicy: {
      directives: {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "media-src": ["'self'", "blob:", "mediastream:"],
        // 'self' covers same-host ws:/wss: in current browsers; older Safari needs them named.
        "connect-src": ["'self'", (req) => sameHostSockets(req.headers.host)],
        "object-src": ["'none'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        // Off: on the plain-HTTP LAN port it would send the page's requests to an HTTPS port that is not there.
        "upgrade-insecure-requests": null,
      },
    },
    // Off: HSTS on localhost or a LAN address would lock the browser out of the plain-HTTP port.
    strictTransportSecurity: false,
    crossOriginEmbedderPolicy: false,
  });
  return cachedByHost((req, res, next) => {
    res.setHeader("Permissions-Policy", permissions);
    helmetHandler(req, res, next);
  });
}

function sameHostSockets(host: string | undefined): string {
  return host && /^[A-Za-z0-9.\-:[\]]{1,255}$/.test(host) ? `ws://${host} wss://${host}` : "";
}
