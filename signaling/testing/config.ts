// The configuration every test starts from.
import { type Config, loadConfig } from "../config/config.js";

/** Defaults with the listeners on loopback and the logs silent: the base of every test's config. */
export function testConfig(overrides: Partial<Config> = {}): Readonly<Config> {
  return Object.freeze({
    ...loadConfig({}),
    host: "127.0.0.1",
    port: 0,
    httpsPort: 0,
    logLevel: "silent",
    printBanner: false,
    // Tests stop at once instead of draining for a balancer that is not there.
    shutdownDrainMs: 0,
    ...overrides,
  });
}
