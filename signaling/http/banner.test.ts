// The start-up banner says what each address is for: the phone's camera needs HTTPS, this computer can use plain
// http://localhost (no certificate warning), and another computer only watches.
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import type { Config } from "../config/config.js";
import { testConfig } from "../testing/config.js";
import { printBanner } from "./banner.js";
import type { TlsMaterial } from "./tls.js";

const LAN = ["192.168.1.20"];
const SELF_SIGNED: TlsMaterial = { cert: "", key: "", fingerprint: "AB:CD", selfSigned: true };

async function banner(
  config: Partial<Config>,
  ports: { http: number; https?: number },
  lan = LAN,
  tls: TlsMaterial | undefined = SELF_SIGNED,
): Promise<string[]> {
  const out = new PassThrough();
  let text = "";
  out.on("data", (d: Buffer) => (text += d.toString()));
  await printBanner(testConfig({ host: "0.0.0.0", ...config }), ports, tls, out, lan);
  return text.split("\n");
}

/** The banner row whose label starts with `label`, and the rows under it without a label of their own. */
function row(lines: string[], label: string): string {
  const i = lines.findIndex((l) => l.includes(`➜  ${label}`));
  expect(i, `a row labelled "${label}" in:\n${lines.join("\n")}`).toBeGreaterThanOrEqual(0);
  return lines[i]!;
}

describe("printBanner", () => {
  it("gives the phone the HTTPS LAN address of the camera page, and never a plain-HTTP one", async () => {
    const lines = await banner({}, { http: 5000, https: 5443 });
    expect(row(lines, "Phone (camera):")).toContain("https://192.168.1.20:5443/camera");
    expect(row(lines, "Phone (camera):")).not.toContain("http://192.168.1.20:5000");
    expect(row(lines, "Other computers:")).toContain("http://192.168.1.20:5000/viewer");
    expect(lines.join("\n")).toContain("self-signed");
  });

  it("sends this computer to http://localhost, which needs no certificate", async () => {
    const lines = await banner({}, { http: 5000, https: 5443 });
    expect(row(lines, "This computer:")).toContain("http://localhost:5000/viewer");
    expect(lines.join("\n")).toContain('open http://localhost:5000/viewer and press "Create code"');
  });

  it("lists every LAN address for the phone", async () => {
    const lines = await banner({}, { http: 5000, https: 5443 }, ["192.168.1.20", "10.8.0.3"]);
    expect(lines.some((l) => l.includes("https://10.8.0.3:5443/camera"))).toBe(true);
  });

  it("says why there is no address for the phone when HTTPS is off, and shows no QR code", async () => {
    const lines = await banner({}, { http: 5000 });
    expect(row(lines, "Phone (camera):")).toMatch(/HTTPS is off/);
    expect(lines.join("\n")).not.toContain("scan this");
    expect(lines.join("\n")).not.toContain("https://");
  });

  it("says why there is no address for the phone when the server listens on loopback only", async () => {
    const lines = await banner({ host: "127.0.0.1" }, { http: 5000, https: 5443 });
    expect(row(lines, "Phone (camera):")).toMatch(/HOST=127\.0\.0\.1/);
    expect(lines.some((l) => l.includes("Other computers:"))).toBe(false);
  });

  it("points the phone and other computers at PUBLIC_URL when it is set", async () => {
    const lines = await banner({ publicUrl: "https://cam.example.org" }, { http: 5000, https: 5443 });
    expect(row(lines, "Phone (camera):")).toContain("https://cam.example.org/camera");
    expect(row(lines, "Other computers:")).toContain("https://cam.example.org/viewer");
    expect(row(lines, "This computer:")).toContain("http://localhost:5000/viewer");
    expect(lines.join("\n")).not.toContain("self-signed");
  });
});
