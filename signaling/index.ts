// Entry point: loadConfig() → createSignalingServer() → listen; SIGTERM/SIGINT drain and exit.
import { createSignalingServer } from "./app.js";
import { printBanner } from "./http/banner.js";
import { ConfigError, loadConfig } from "./config/config.js";
import { createLogger } from "./observability/log.js";
import { loadTls, type TlsMaterial } from "./http/tls.js";

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`codecam: ${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const log = createLogger(config.logLevel);
  const tls: TlsMaterial | undefined = config.httpsPort > 0 ? await loadTls(config, log) : undefined;
  const server = createSignalingServer(config, { log, ...(tls ? { tls } : {}), processMetrics: true });
  const ports = await server.listen();
  log.info({ host: config.host, ports }, "listening");
  if (config.printBanner) await printBanner(config, ports, tls);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "shutting down");
    // The timer is the promise that the process ends, even if a connection refuses to close.
    setTimeout(() => {
      log.warn("shutdown timed out; exiting");
      process.exit(1);
    }, config.shutdownTimeoutMs).unref();
    server.close().then(
      () => process.exit(0),
      (err: unknown) => {
        log.error({ err }, "shutdown failed");
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}

main().catch((err: unknown) => {
  process.stderr.write(`codecam: failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
