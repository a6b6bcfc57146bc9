// Multi-page build of the browser pages; `npm run dev` proxies signaling and API calls to the running server.
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";
import { compression } from "vite-plugin-compression2";

const root = fileURLToPath(new URL(".", import.meta.url));
const page = (name: string) => fileURLToPath(new URL(`./${name}.html`, import.meta.url));
const signalingTarget = `http://127.0.0.1:${process.env.PORT ?? "5000"}`;

export default defineConfig({
  root,
  publicDir: fileURLToPath(new URL("../public", import.meta.url)),
  // Precompressed copies next to each built file (x.js.br, x.js.gz), served by signaling/static-assets.ts.
  plugins: [compression({ algorithms: ["brotliCompress", "gzip"], include: /\.(js|css|html|svg|json|webmanifest)$/, threshold: 1024, skipIfLargerOrEqual: true, logLevel: "silent" })],
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
    proxy: {
      "/socket.io": { target: signalingTarget, ws: true },
      "/api": signalingTarget,
      "/healthz": signalingTarget,
      "/metrics": signalingTarget,
    },
  },
});
