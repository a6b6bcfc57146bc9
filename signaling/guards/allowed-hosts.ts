// Which Host names this server answers to, and which Origins count as its own: the defence against DNS
// rebinding (a page on evil.example whose name is made to resolve to this server) and cross-site API calls.
// Modelled on Vite's `server.allowedHosts`: IP literals, localhost and the machine's own names always pass.
import { hostname } from "node:os";
import type { IncomingMessage, ServerResponse } from "node:http";
import ipaddr from "ipaddr.js";

export interface HostCheckOptions {
  /** PUBLIC_URL, whose host is allowed. */
  publicUrl: string | undefined;
  /** ALLOWED_HOSTS: exact names, ".example.com" for a domain and all its subdomains, or "*" for any host. */
  allowedHosts: readonly string[];
  /** CORS_ORIGINS: foreign origins whose pages may connect and call the API. */
  corsOrigins: readonly string[];
}

export interface HostCheck {
  /** False for a Host header naming a host this server is not known by. A request without Host passes. */
  hostAllowed(host: string | undefined): boolean;
  /** True for no Origin (not a browser), the request's own origin on an allowed host, or a listed CORS origin. */
  originAllowed(origin: string | undefined, host: string | undefined): boolean;
}

export function createHostCheck(opts: HostCheckOptions): HostCheck {
  const own = hostname().toLowerCase();
  const exact = new Set(["localhost", own, `${own}.local`]);
  const suffixes = [".localhost"];
  let any = false;
  if (opts.publicUrl) exact.add(new URL(opts.publicUrl).hostname.toLowerCase());
  for (const entry of opts.allowedHosts.map((h) => h.toLowerCase())) {
    if (entry === "*") any = true;
    else if (entry.startsWith(".")) {
      suffixes.push(entry);
      exact.add(entry.slice(1));
    } else exact.add(entry);
  }

  const hostAllowed = (host: string | undefined): boolean => {
    if (host === undefined || any) return true;
    const name = hostName(host);
    if (name === undefined) return false;
    // A rebinding attack needs a name; the browser never sends an address it was not given.
    if (ipaddr.isValid(name)) return true;
    return exact.has(name) || suffixes.some((s) => name.endsWith(s));
  };

  return {
    hostAllowed,
    originAllowed(origin, host) {
      if (origin === undefined) return true;
      if (opts.corsOrigins.includes(origin) || opts.corsOrigins.includes("*")) return true;
      if (!hostAllowed(host)) return false;
      try {
        return new URL(origin).host === host;
      } catch {
        return false;
      }
    },
  };
}

/** "Example.com.:5000" → "example.com", "[::1]:5000" → "::1"; undefined for something that is no host. */
function hostName(host: string): string | undefined {
  if (host.length > 255) return undefined;
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]/\s]+))(?::\d{1,5})?$/.exec(host);
  if (!m) return undefined;
  return (m[1] ?? m[2]!).toLowerCase().replace(/\.$/, "");
}

type Handler = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

function refuse(res: ServerResponse, message: string): void {
  res.writeHead(403, { "Content-Type": "application/json", "Cache-Control": "no-store" });
  res.end(JSON.stringify({ error: { code: "BAD_REQUEST", message } }));
}

/** Express middleware: 403 for a Host this server is not known by (ALLOWED_HOSTS names more). */
export function refuseForeignHosts(check: HostCheck): Handler {
  return (req, res, next) => {
    if (check.hostAllowed(req.headers.host)) return next();
    refuse(res, "this host name is not allowed; the server's operator can add it to ALLOWED_HOSTS");
  };
}

/**
 * For state-changing API calls: a page on another site must not spend a visitor's quota. Browsers say where a
 * request comes from (Sec-Fetch-Site, Origin); non-browser clients send neither and pass.
 */
export function refuseCrossSite(check: HostCheck): Handler {
  return (req, res, next) => {
    const site = req.headers["sec-fetch-site"];
    if (site === "cross-site" || !check.originAllowed(req.headers.origin, req.headers.host)) {
      refuse(res, "cross-site requests are not allowed here");
      return;
    }
    next();
  };
}
