// The start-up banner: what each address is for, and a QR code the phone can scan straight from the terminal.
import QRCode from "qrcode";
import type { Config } from "../config/config.js";
import { startupAddresses, type BoundPorts } from "./share-urls.js";
import type { TlsMaterial } from "./tls.js";

/**
 * Writes the banner to `out` in one write, so that log lines written after it never land inside it. `lan` is the
 * machine's LAN addresses (tests pass their own).
 */
export async function printBanner(
  config: Readonly<Config>,
  ports: BoundPorts,
  tls: TlsMaterial | undefined,
  out: NodeJS.WritableStream = process.stdout,
  lan?: string[],
): Promise<void> {
  const { phone, phoneProblem, here, others } = startupAddresses(config, ports, lan);
  const rows: Row[] = [
    ...rowsOf("Phone (camera):", phone, "the camera needs HTTPS"),
    ...(phoneProblem ? rowsOf("Phone (camera):", [phoneProblem], "") : []),
    ["This computer:", here, "no certificate warning"],
    ...rowsOf("Other computers:", others, "to watch; no camera needed"),
  ];

  const labelWidth = Math.max(...rows.map(([label]) => label.length)) + 2;
  const urlWidth = Math.max(...rows.filter(([, , note]) => note).map(([, url]) => url.length)) + 3;
  const lines = ["", "  codecam is running", ""];
  for (const [label, url, note] of rows) {
    const arrow = label ? "➜ " : "  ";
    lines.push(`  ${arrow} ${label.padEnd(labelWidth)}${note ? url.padEnd(urlWidth) + note : url}`.trimEnd());
  }
  lines.push("");
  lines.push(`  On this computer open ${here} and press "Create code",`);
  if (phone[0]) {
    lines.push("  then scan the QR code it shows with the phone.");
    lines.push("  Or scan this with the phone to open its camera page:");
    lines.push("");
    const qr = await QRCode.toString(phone[0], { type: "terminal", small: true });
    lines.push(...qr.split("\n").map((l) => `    ${l}`));
  } else {
    lines.push("  then open the camera page on the phone by an HTTPS address.");
    lines.push("");
  }
  if (tls?.selfSigned && phone.length > 0 && !config.publicUrl) {
    lines.push("  The HTTPS certificate is self-signed: the phone shows a warning once; accept it to continue.");
    lines.push(`  Its SHA-256 fingerprint: ${tls.fingerprint}`);
  }
  lines.push("");
  out.write(`${lines.join("\n")}\n`);
}

type Row = [label: string, url: string, note: string];

/** One row per address, the label and the note on the first only. */
function rowsOf(label: string, urls: string[], note: string): Row[] {
  return urls.map((url, i): Row => (i === 0 ? [label, url, note] : ["", url, ""]));
}
