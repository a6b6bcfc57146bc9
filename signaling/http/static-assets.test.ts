// The built pages' files with their precompressed copies, through the real server on a loopback port. Requests
// go out with node:http, which (unlike fetch) leaves the body as the server encoded it.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pickEncoding } from "./static-assets.js";
import { startTestServer } from "../testing/support.js";

const JS = "export const hello = 'camera';\n".repeat(200);
const SVG = `<svg xmlns="http://www.w3.org/2000/svg">${"<path d='M0 0h1'/>".repeat(100)}</svg>`;
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "codecam-static-"));
  mkdirSync(path.join(dir, "assets"));
  writeFileSync(path.join(dir, "index.html"), "<!doctype html><title>codecam</title>");
  writeFileSync(path.join(dir, "assets/camera-Ab12.js"), JS);
  writeFileSync(path.join(dir, "assets/camera-Ab12.js.br"), brotliCompressSync(JS));
  writeFileSync(path.join(dir, "assets/camera-Ab12.js.gz"), gzipSync(JS));
  writeFileSync(path.join(dir, "assets/only-gzip-Cd34.css"), "body{}".repeat(300));
  writeFileSync(path.join(dir, "assets/only-gzip-Cd34.css.gz"), gzipSync("body{}".repeat(300)));
  writeFileSync(path.join(dir, "assets/plain-Ef56.js"), "1;");
  writeFileSync(path.join(dir, "icons.svg"), SVG);
  writeFileSync(path.join(dir, "icons.svg.br"), brotliCompressSync(SVG));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function get(url: string, headers: Record<string, string> = {}, method = "GET") {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
    const req = http.request(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("built files with precompressed copies", () => {
  it("sends the brotli copy to a browser that accepts it, typed as the original and cached for good", async () => {
    const { url } = await startTestServer({ staticDir: dir });
    const res = await get(`${url}/assets/camera-Ab12.js`, { "accept-encoding": "gzip, deflate, br, zstd" });
    expect(res.status).toBe(200);
    expect(res.headers["content-encoding"]).toBe("br");
    expect(res.headers["content-type"]).toMatch(/^text\/javascript|^application\/javascript/);
    expect(res.headers.vary).toMatch(/Accept-Encoding/i);
    expect(res.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    expect(Number(res.headers["content-length"])).toBe(res.body.length);
    expect(res.body.length).toBeLessThan(JS.length / 4);
    expect(brotliDecompressSync(res.body).toString()).toBe(JS);
  });

  it("falls back to gzip, then to the original, as Accept-Encoding says (q=0 refuses)", async () => {
    const { url } = await startTestServer({ staticDir: dir });
    const gz = await get(`${url}/assets/camera-Ab12.js`, { "accept-encoding": "br;q=0, gzip" });
    expect(gz.headers["content-encoding"]).toBe("gzip");
    expect(gunzipSync(gz.body).toString()).toBe(JS);

    const plain = await get(`${url}/assets/camera-Ab12.js`, { "accept-encoding": "identity" });
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(plain.headers.vary).toMatch(/Accept-Encoding/i);
    expect(plain.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    expect(plain.body.toString()).toBe(JS);

    const none = await get(`${url}/assets/camera-Ab12.js`);
    expect(none.headers["content-encoding"]).toBeUndefined();
    expect(none.body.toString()).toBe(JS);

    const onlyGzip = await get(`${url}/assets/only-gzip-Cd34.css`, { "accept-encoding": "br, gzip" });
    expect(onlyGzip.headers["content-encoding"]).toBe("gzip");
    expect(onlyGzip.headers["content-type"]).toMatch(/^text\/css/);
  });

  it("keeps each representation apart: a distinct ETag per encoding, HEAD without a body", async () => {
    const { url } = await startTestServer({ staticDir: dir });
    const br = await get(`${url}/assets/camera-Ab12.js`, { "accept-encoding": "br" });
    const gz = await get(`${url}/assets/camera-Ab12.js`, { "accept-encoding": "gzip" });
    expect(br.headers.etag).toBeDefined();
    expect(br.headers.etag).not.toBe(gz.headers.etag);
    const head = await get(`${url}/assets/camera-Ab12.js`, { "accept-encoding": "br" }, "HEAD");
    expect(head.status).toBe(200);
    expect(head.headers["content-encoding"]).toBe("br");
    expect(head.body.length).toBe(0);
  });

  it("serves files without copies as before, and files outside /assets revalidated", async () => {
    const { url } = await startTestServer({ staticDir: dir });
    const plain = await get(`${url}/assets/plain-Ef56.js`, { "accept-encoding": "br, gzip" });
    expect(plain.status).toBe(200);
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(plain.body.toString()).toBe("1;");

    const icons = await get(`${url}/icons.svg`, { "accept-encoding": "br" });
    expect(icons.headers["content-encoding"]).toBe("br");
    expect(icons.headers["content-type"]).toMatch(/^image\/svg\+xml/);
    expect(icons.headers["cache-control"]).toBe("public, max-age=0");
    expect(brotliDecompressSync(icons.body).toString()).toBe(SVG);

    // The copies are not a way around the API's JSON errors: unknown paths stay 404.
    const missing = await get(`${url}/assets/nope-0000.js`, { "accept-encoding": "br" });
    expect(missing.status).toBe(404);
    expect(missing.headers["content-encoding"]).toBeUndefined();
  });
});

describe("pickEncoding", () => {
  const both = [
    { name: "br", suffix: ".br" },
    { name: "gzip", suffix: ".gz" },
  ] as const;
  it.each([
    [undefined, undefined],
    ["", undefined],
    ["gzip, deflate, br", "br"],
    ["BR;q=0.5", "br"],
    ["br;q=0, gzip;q=0.1", "gzip"],
    ["*", "br"],
    ["*;q=0", undefined],
    ["br;q=0, *", "gzip"],
    ["identity", undefined],
    ["gzip;q=garbage", undefined],
  ])("%j → %s", (header, expected) => {
    expect(pickEncoding(header, both)?.name).toBe(expected);
  });
});
