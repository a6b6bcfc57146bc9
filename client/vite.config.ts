// Multi-page build of the browser pages; `npm run dev` proxies signaling and API calls to the running server.
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";
import { compression } from "vite-plugin-compression2";

const root = fileURLToPath(new URL(".", import.meta.url));
const page = (name: string) => fileURLToPath(new URL(`./${name}.html`, import.meta.url));
const signalingTarget = `http://127.0.0.1:${process.env.PORT ?? "5000"}`;

/**
 * The dev server speaks HTTPS with the certificate the signaling server made (CERT_DIR, default .certs/), so a
 * phone on the LAN may use its camera on the dev pages too. Before the server first ran there is none: plain HTTP.
 */
function devHttps(): { cert: Buffer; key: Buffer } | undefined {
  const dir = resolve(fileURLToPath(new URL("..", import.meta.url)), process.env.CERT_DIR ?? ".certs");
  const cert = resolve(dir, "codecam-cert.pem");
  const key = resolve(dir, "codecam-key.pem");
  return existsSync(cert) && existsSync(key) ? { cert: readFileSync(cert), key: readFileSync(key) } : undefined;
}
const https = devHttps();

export default defineConfig({
  root,
  resolve: {
    // ts-ebml require()s "ebml", whose "browser" field is an IIFE build that exports nothing to a bundler.
    alias: { ebml: fileURLToPath(new URL("../node_modules/ebml/lib/ebml.esm.js", import.meta.url)) },
  },
  publicDir: fileURLToPath(new URL("../public", import.meta.url)),
  // Precompressed copies next to each built file (x.js.br, x.js.gz), served by signaling/static-assets.ts.
  plugins: [
    compression({
      algorithms: ["brotliCompress", "gzip"],
      include: /\.(js|css|html|svg|json|webmanifest)$/,
      threshold: 1024,
      skipIfLargerOrEqual: true,
      logLevel: "silent",
    }),
  ],
  build: {
    outDir: fileURLToPath(new URL("../dist/client", import.meta.url)),
    emptyOutDir: true,
    target: "es2022",
    sourcemap: true,
    rollupOptions: {
      input: {
        index: page("index"),
        camera: page("camera"),
        viewer: page("viewer"),
        "socket-test": page("socket-test"),
      },
    },
  },
  server: {
    host: true,
    ...(https ? { https } : {}),
    proxy: {
      "/socket.io": { target: signalingTarget, ws: true },
      "/api": signalingTarget,
      "/healthz": signalingTarget,
      "/metrics": signalingTarget,
    },
  },
});
