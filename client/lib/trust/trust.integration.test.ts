// The trust library in a real Chromium, for what unit tests cannot reach: IndexedDB, RTCCertificate, the SDP a
// certificate really produces, and what the browser's DTLS accepts. The library is bundled with Vite and served
// to the page from a routed origin (localhost, so the page is a secure context), so nothing listens on a port.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { build, type Rolldown } from "vite";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type * as Certificate from "./certificate.js";
import { isFingerprint } from "./fingerprint.js";
import type * as Fingerprint from "./fingerprint.js";

type Trust = typeof Certificate & typeof Fingerprint;
declare global {
  interface Window {
    trust: Trust;
  }
}

const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const ORIGIN = "http://localhost";
const DAY_MS = 24 * 60 * 60 * 1_000;

let browser: Browser;
let context: BrowserContext;
let page: Page;
let bundle: string;

/** certificate.ts and fingerprint.ts as one script that sets `window.trust`. */
async function bundleLibrary(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "codecam-trust-"));
  try {
    const entry = join(dir, "entry.ts");
    const here = (name: string) => JSON.stringify(fileURLToPath(new URL(name, import.meta.url)));
    writeFileSync(entry, `export * from ${here("./certificate.ts")};\nexport * from ${here("./fingerprint.ts")};\n`);
    const result = await build({
      configFile: false,
      logLevel: "silent",
      root: dir,
      build: { write: false, minify: false, lib: { entry, formats: ["iife"], name: "trust", fileName: "trust" } },
    });
    const output = (Array.isArray(result) ? result[0] : result) as Rolldown.RolldownOutput;
    return output.output[0].code;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The viewer's certificate as a page load sees it: its fingerprint, expiry and the fingerprint its SDP names. */
async function loadCertificate(target: Page = page) {
  return target.evaluate(async () => {
    const { loadViewerCertificate, certificateFingerprint, peerFingerprint } = window.trust;
    const cert = await loadViewerCertificate();
    const again = await loadViewerCertificate();
    const offerer = new RTCPeerConnection();
    const answerer = new RTCPeerConnection({ certificates: [cert] });
    offerer.createDataChannel("x");
    offerer.addTransceiver("video", { direction: "sendonly" });
    await answerer.setRemoteDescription(await offerer.createOffer());
    const answer = await answerer.createAnswer();
    offerer.close();
    answerer.close();
    return {
      fingerprint: await certificateFingerprint(cert),
      expires: cert.expires,
      sameObject: cert === again,
      inAnswer: peerFingerprint(answer.sdp ?? ""),
    };
  });
}

/** Puts a certificate expiring in `days` where loadViewerCertificate keeps its own; returns its fingerprint. */
async function storeCertificate(days: number): Promise<string> {
  return page.evaluate(async (expires) => {
    const params: EcKeyGenParams & { expires: number } = { name: "ECDSA", namedCurve: "P-256", expires };
    const cert = await RTCPeerConnection.generateCertificate(params);
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open("codecam", 1);
      open.onupgradeneeded = () => open.result.createObjectStore("certificates");
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    await new Promise((resolve, reject) => {
      const tx = db.transaction("certificates", "readwrite");
      tx.objectStore("certificates").put(cert, "viewer");
      tx.oncomplete = resolve;
      tx.onerror = () => reject(tx.error);
    });
    db.close();
    return window.trust.certificateFingerprint(cert);
  }, days * DAY_MS);
}

beforeAll(async () => {
  bundle = await bundleLibrary();
  browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ["--no-sandbox", "--allow-loopback-in-peer-connection"],
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

beforeEach(async () => {
  await context?.close();
  context = await browser.newContext();
  await context.route(`${ORIGIN}/**`, (route) =>
    route.fulfill({ contentType: "text/html", body: `<!doctype html><title>trust</title><script>${bundle}</script>` }),
  );
  page = await context.newPage();
  await page.goto(`${ORIGIN}/viewer`);
}, 30_000);

describe("loadViewerCertificate in Chromium", () => {
  it("makes a one-year certificate whose fingerprint is the one the page's SDP carries", async () => {
    const before = Date.now();
    const loaded = await loadCertificate();
    expect(isFingerprint(loaded.fingerprint)).toBe(true);
    expect(loaded.inAnswer).toMatchObject({ ok: true, fingerprint: loaded.fingerprint });
    expect(loaded.sameObject).toBe(true);
    expect(loaded.expires).toBeGreaterThan(before + 364 * DAY_MS);
    expect(loaded.expires).toBeLessThan(Date.now() + 366 * DAY_MS);
  });

  it("keeps the same certificate across reloads", async () => {
    const first = await loadCertificate();
    await page.reload();
    const second = await loadCertificate();
    expect(second.fingerprint).toBe(first.fingerprint);
    const other = await context.newPage();
    await other.goto(`${ORIGIN}/viewer`);
    expect((await loadCertificate(other)).fingerprint).toBe(first.fingerprint);
  });

  it("keeps a stored certificate with weeks to go, and replaces one with days to go (storing the new one)", async () => {
    const monthLeft = await storeCertificate(30);
    expect((await loadCertificate()).fingerprint).toBe(monthLeft);

    const daysLeft = await storeCertificate(3);
    await page.reload();
    const renewed = await loadCertificate();
    expect(renewed.fingerprint).not.toBe(daysLeft);
    expect(renewed.expires).toBeGreaterThan(Date.now() + 300 * DAY_MS);
    await page.reload();
    expect((await loadCertificate()).fingerprint).toBe(renewed.fingerprint);
  });

  it("still gives a working certificate, a new one each load, when IndexedDB is unavailable", async () => {
    await page.addInitScript(() => {
      IDBFactory.prototype.open = () => {
        throw new DOMException("denied", "SecurityError");
      };
    });
    await page.reload();
    const first = await loadCertificate();
    expect(first.inAnswer).toMatchObject({ ok: true, fingerprint: first.fingerprint });
    await page.reload();
    expect((await loadCertificate()).fingerprint).not.toBe(first.fingerprint);
  });
});

describe("certificateFingerprint in Chromium", () => {
  it("reads the same value from the certificate's own SDP when getFingerprints() is missing", async () => {
    const { direct, fallback } = await page.evaluate(async () => {
      const params: EcKeyGenParams = { name: "ECDSA", namedCurve: "P-256" };
      const cert = await RTCPeerConnection.generateCertificate(params);
      const direct = await window.trust.certificateFingerprint(cert);
      Object.defineProperty(cert, "getFingerprints", { value: undefined });
      return { direct, fallback: await window.trust.certificateFingerprint(cert) };
    });
    expect(fallback).toBe(direct);
  });
});

describe("peerFingerprint's SDP in Chromium", () => {
  it("keeps a relay's sha-512 line beside a checked sha-256 one from deciding whom DTLS accepts", async () => {
    const result = await page.evaluate(async () => {
      const { peerFingerprint } = window.trust;
      const hex = (bytes: ArrayBuffer) =>
        Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, "0").toUpperCase()).join(":");
      const params: EcKeyGenParams = { name: "ECDSA", namedCurve: "P-256" };
      const relayCert = await RTCPeerConnection.generateCertificate(params);
      /** The camera (offerer) meets the relay (answerer); `edit` plays the signaling server on the answer. */
      async function connect(edit: (sdp: string) => string) {
        const camera = new RTCPeerConnection();
        const relay = new RTCPeerConnection({ certificates: [relayCert] });
        camera.onicecandidate = (e) => e.candidate && relay.addIceCandidate(e.candidate);
        relay.onicecandidate = (e) => e.candidate && camera.addIceCandidate(e.candidate);
        const channel = camera.createDataChannel("x");
        await camera.setLocalDescription();
        await relay.setRemoteDescription(camera.localDescription!);
        await relay.setLocalDescription();
        const answer = edit(relay.localDescription!.sdp);
        await camera.setRemoteDescription({ type: "answer", sdp: answer });
        const outcome = await new Promise<string>((resolve) => {
          channel.onopen = () => resolve("open");
          camera.onconnectionstatechange = () => camera.connectionState === "failed" && resolve("failed");
        });
        const presented = outcome === "open" ? camera.sctp!.transport.getRemoteCertificates()[0]! : undefined;
        camera.close();
        relay.close();
        return { outcome, presented, answer };
      }
      // An honest connection first, for the SHA-512 of the certificate the relay presents.
      const honest = await connect((sdp) => sdp);
      const relaySha512 = hex(await crypto.subtle.digest("SHA-512", honest.presented!));
      // The QR laptop's fingerprint in the sha-256 line the check reads; the relay's own in a sha-512 line beside it.
      const laptop = Array(32).fill("AB").join(":");
      const tamper = (sdp: string) =>
        sdp.replace(
          /a=fingerprint:sha-256 \S+/g,
          `a=fingerprint:sha-256 ${laptop}\r\na=fingerprint:sha-512 ${relaySha512}`,
        );
      const asSent = await connect(tamper);
      const check = peerFingerprint(asSent.answer);
      const checked = await connect((sdp) => {
        const found = peerFingerprint(tamper(sdp));
        if (!found.ok) throw new Error(found.reason);
        return found.sdp;
      });
      return { honest: honest.outcome, asSent: asSent.outcome, check, checked: checked.outcome };
    });
    expect(result.honest).toBe("open");
    // What the check reads is the QR laptop's fingerprint...
    expect(result.check).toMatchObject({ ok: true, fingerprint: "ab".repeat(32) });
    // ...and the SDP as the relay sent it connects the relay: the reason peerFingerprint hands back its own SDP.
    expect(result.asSent).toBe("open");
    expect(result.checked).toBe("failed");
  });
});
