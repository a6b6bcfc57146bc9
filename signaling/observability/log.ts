// The server's structured logger (pino). Codes are masked; SDP, candidates, tokens and credentials are never logged.
import { pino, type Logger } from "pino";
import type { Config } from "../config/config.js";

export type { Logger };

export function createLogger(level: Config["logLevel"]): Logger {
  return pino({
    level,
    base: { service: "codecam" },
    // Belt and braces: should a payload ever be logged by mistake, these fields are dropped.
    redact: {
      paths: [
        ...["*.sdp", "*.candidate", "*.token", "*.credential", "*.offer", "*.answer"],
        ...["*.authorization", "*.headers.authorization"],
        // Config secrets, should a config object ever be logged.
        ...["*.turnSecret", "*.turnPassword", "*.accessKeys", "*.accessJwtSecret"],
      ],
      remove: true,
    },
  });
}

/** "48****": enough to tell rooms apart in a log, not enough to join one. */
export function maskCode(code: string | undefined): string | undefined {
  return code === undefined ? undefined : `${code.slice(0, 2)}****`;
}
