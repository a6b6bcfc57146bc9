// The start-up banner: where to open the pages, and a QR code the phone can scan straight from the terminal.
import QRCode from "qrcode";
import type { Config } from "../config/config.js";
import { listenUrls, type BoundPorts } from "./share-urls.js";
import type { TlsMaterial } from "./tls.js";

export async function printBanner(
  config: Readonly<Config>,
  ports: BoundPorts,
  tls: TlsMaterial | undefined,
  out: NodeJS.WritableStream = process.stdout,
): Promise<void> {
  const { local, network } = listenUrls(config, ports);
  const phoneBase = config.publicUrl ?? network.find((u) => u.startsWith("https://")) ?? network[0];
  const lines = ["", "  codecam is running", ""];
  for (const u of local) lines.push(`  ➜  Local:    ${u}`);
  for (const u of network) lines.push(`  ➜  Network:  ${u}`);
  if (network.length === 0 && !config.publicUrl) {
    lines.push(`  ➜  Network:  not exposed (HOST=${config.host}); set HOST=0.0.0.0 to reach it from a phone`);
  }
  lines.push("");
  if (phoneBase) {
    lines.push(`  On the laptop open ${phoneBase}/viewer and press "Create code",`);
    lines.push(`  or scan this with the phone to open the camera page:`);
    lines.push("");
    const qr = await QRCode.toString(`${phoneBase}/camera`, { type: "terminal", small: true });
    lines.push(...qr.split("\n").map((l) => `    ${l}`));
  }
  if (tls?.selfSigned) {
    lines.push("  The HTTPS certificate is self-signed: the phone shows a warning once; accept it to continue.");
    lines.push(`  Its SHA-256 fingerprint: ${tls.fingerprint}`);
  }
  lines.push("");
  out.write(`${lines.join("\n")}\n`);
}
