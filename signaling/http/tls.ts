// The HTTPS listener's certificate: the user's own (TLS_CERT/TLS_KEY), or a self-signed one made on first start
// and kept in CERT_DIR, re-made when it nears expiry or the machine's LAN addresses change.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import { join } from "node:path";
import { X509Certificate } from "node:crypto";
import { generate } from "selfsigned";
import type { Config } from "../config/config.js";
import type { Logger } from "../observability/log.js";
import { lanAddresses } from "./share-urls.js";

export interface TlsMaterial {
  cert: string;
  key: string;
  /** SHA-256 fingerprint, printed so a careful user can compare it with what the phone shows. */
  fingerprint: string;
  selfSigned: boolean;
}

const RENEW_BEFORE_MS = 30 * 24 * 3600 * 1000;
const VALID_DAYS = 397;

export async function loadTls(config: Readonly<Config>, log: Logger): Promise<TlsMaterial> {
  if (config.tlsCertFile && config.tlsKeyFile) {
    const [cert, key] = await Promise.all([readFile(config.tlsCertFile, "utf8"), readFile(config.tlsKeyFile, "utf8")]);
    return { cert, key, fingerprint: new X509Certificate(cert).fingerprint256, selfSigned: false };
  }
  const certFile = join(config.certDir, "codecam-cert.pem");
  const keyFile = join(config.certDir, "codecam-key.pem");
  const names = subjectNames();
  const kept = await readKept(certFile, keyFile);
  if (kept && stillFits(kept.cert, names)) {
    return { ...kept, fingerprint: new X509Certificate(kept.cert).fingerprint256, selfSigned: true };
  }
  const made = await generate([{ name: "commonName", value: "codecam (self-signed)" }], {
    keyType: "ec",
    curve: "P-256",
    algorithm: "sha256",
    notAfterDate: new Date(Date.now() + VALID_DAYS * 24 * 3600 * 1000),
    extensions: [
      { name: "basicConstraints", cA: false },
      { name: "keyUsage", digitalSignature: true, keyEncipherment: true },
      { name: "extKeyUsage", serverAuth: true },
      {
        name: "subjectAltName",
        altNames: [
          ...names.dns.map((value) => ({ type: 2 as const, value })),
          ...names.ips.map((ip) => ({ type: 7 as const, ip })),
        ],
      },
    ],
  });
  await mkdir(config.certDir, { recursive: true, mode: 0o700 });
  await writeFile(certFile, made.cert, { mode: 0o644 });
  await writeFile(keyFile, made.private, { mode: 0o600 });
  log.info({ certFile, names: [...names.dns, ...names.ips] }, "made a self-signed certificate");
  return {
    cert: made.cert,
    key: made.private,
    fingerprint: new X509Certificate(made.cert).fingerprint256,
    selfSigned: true,
  };
}

function subjectNames(): { dns: string[]; ips: string[] } {
  const host = hostname();
  const dns = [...new Set(["localhost", host, `${host}.local`])];
  return { dns, ips: ["127.0.0.1", "::1", ...lanAddresses()] };
}

async function readKept(certFile: string, keyFile: string): Promise<{ cert: string; key: string } | undefined> {
  try {
    const [cert, key] = await Promise.all([readFile(certFile, "utf8"), readFile(keyFile, "utf8")]);
    return { cert, key };
  } catch {
    return undefined;
  }
}

/** Still valid for a while, and names every address the phone may use today. */
function stillFits(pem: string, names: { dns: string[]; ips: string[] }): boolean {
  try {
    const x509 = new X509Certificate(pem);
    if (Date.parse(x509.validTo) - Date.now() < RENEW_BEFORE_MS) return false;
    const san = x509.subjectAltName ?? "";
    return names.ips.every(
      (ip) => san.includes(`IP Address:${ip === "::1" ? "0:0:0:0:0:0:0:1" : ip}`) || san.includes(`IP Address:${ip}`),
    );
  } catch {
    return false;
  }
}
