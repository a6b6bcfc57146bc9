// Where a phone can reach this server: the LAN addresses, the origin put in QR codes, the URLs printed at start.
import type { IncomingHttpHeaders } from "node:http";
import { networkInterfaces } from "node:os";
import type { Config } from "../config/config.js";

/** Non-internal IPv4 addresses, private ranges first (those are the ones a phone on the same Wi-Fi can reach). */
export function lanAddresses(): string[] {
  const found: string[] = [];
  for (const addrs of Object.values(networkInterfaces())) {
    for (const a of addrs ?? []) {
      if (a.family === "IPv4" && !a.internal) found.push(a.address);
    }
  }
  const isPrivate = (ip: string) => /^(10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.)/.test(ip);
  return found.sort((a, b) => Number(isPrivate(b)) - Number(isPrivate(a)));
}

/** The ports the listeners actually got (PORT=0 picks a free one). */
export interface BoundPorts {
  http: number;
  https?: number;
}

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]", "::1"]);

/** Host header without the port, or undefined when it is not a plain host name or address. */
function requestHostname(headers: IncomingHttpHeaders): string | undefined {
  const host = headers.host;
  if (!host || !/^[A-Za-z0-9.\-:[\]]{1,255}$/.test(host)) return undefined;
  return host.startsWith("[") ? host.slice(0, host.indexOf("]") + 1) : host.split(":")[0];
}

/**
 * The origin to put in links and QR codes for the phone: PUBLIC_URL when set; else the address the laptop used,
 * unless that was loopback, then the first LAN address. HTTPS when it is on, because browsers only allow
 * the camera in a secure context.
 */
export function shareOrigin(config: Readonly<Config>, headers: IncomingHttpHeaders, ports: BoundPorts): string {
  if (config.publicUrl) return config.publicUrl;
  const host = phoneReachableHost(config, requestHostname(headers));
  return ports.https ? `https://${host}:${ports.https}` : `http://${host}:${ports.http}`;
}

function phoneReachableHost(config: Readonly<Config>, asked: string | undefined): string {
  if (asked && !LOOPBACK_HOSTS.has(asked)) return asked;
  // Listening on loopback only: no other device can reach us, so a LAN address would be a broken link.
  if (LOOPBACK_HOSTS.has(config.host)) return asked ?? "localhost";
  return lanAddresses()[0] ?? asked ?? "localhost";
}

/** Every URL the pages can be opened at, for the start-up banner. */
export function listenUrls(config: Readonly<Config>, ports: BoundPorts): { local: string[]; network: string[] } {
  const wildcard = config.host === "0.0.0.0" || config.host === "::";
  const hosts = wildcard ? lanAddresses() : LOOPBACK_HOSTS.has(config.host) ? [] : [config.host];
  const local = [`http://localhost:${ports.http}`];
  if (ports.https) local.push(`https://localhost:${ports.https}`);
  const network = hosts.flatMap((h) =>
    ports.https ? [`https://${h}:${ports.https}`, `http://${h}:${ports.http}`] : [`http://${h}:${ports.http}`],
  );
  return { local, network };
}
