// The `iceServers` list of GET /api/config: STUN for everyone; TURN, with fresh credentials, only for a live code.
import type { Config } from "../config/config.js";
import type { ClientConfig } from "../protocol.js";
import { restCredential } from "./turn-credentials.js";

export type IceServer = ClientConfig["iceServers"][number];

type IceConfig = Pick<
  Config,
  "iceServers" | "stunUrls" | "turnUrls" | "turnSecret" | "turnTtlSeconds" | "turnUsername" | "turnPassword"
>;

/**
 * The list for one request. `withTurn` is true only when the request named a live code: a relay is the
 * operator's bandwidth, and its credentials are for the devices of a session, not for whoever asks.
 * ICE_SERVERS entries with a credential follow the same rule.
 */
export function iceServersFor(config: IceConfig, withTurn: boolean, now = Date.now()): IceServer[] {
  const servers: IceServer[] = [];
  if (config.stunUrls.length > 0) servers.push({ urls: config.stunUrls });
  servers.push(...config.iceServers.filter((s) => withTurn || s.credential === undefined));
  if (withTurn && config.turnUrls.length > 0) {
    if (config.turnSecret !== undefined) {
      const { username, credential } = restCredential(config.turnSecret, config.turnTtlSeconds, now);
      servers.push({ urls: config.turnUrls, username, credential });
    } else if (config.turnUsername !== undefined && config.turnPassword !== undefined) {
      servers.push({ urls: config.turnUrls, username: config.turnUsername, credential: config.turnPassword });
    }
  }
  return servers;
}
