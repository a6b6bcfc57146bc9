// The built pages' files (dist/client): hashed assets cached for good, the rest revalidated, and each file's
// precompressed copy (x.js.br, x.js.gz, written next to it by the build: client/vite.config.ts) sent to a
// browser that accepts it, so no CPU is spent compressing per request and the camera page's JavaScript crosses
// a phone's link at about a third of its size.
import { existsSync, readdirSync } from "node:fs";
import { extname, join, sep } from "node:path";
import express, { type RequestHandler, type Router } from "express";

/** Vite names built assets by content hash, so they can be cached for good. */
const HASHED = { immutable: true, maxAge: "1y" } as const;
const REVALIDATED = {} as const;

/** Encodings in the order we prefer them, with the suffix of their precompressed copy. */
const ENCODINGS = [
  { name: "br", suffix: ".br" },
  { name: "gzip", suffix: ".gz" },
] as const;
type Encoding = (typeof ENCODINGS)[number];

/** Serves `root` (the built pages): /assets/* as immutable, everything else revalidated; no directory indexes. */
export function builtFiles(root: string): Router {
  const router = express.Router();
  const assets = join(root, "assets");
  router.use("/assets", precompressed(assets, HASHED), express.static(assets, { ...HASHED, index: false }));
  router.use(precompressed(root, REVALIDATED), express.static(root, { ...REVALIDATED, index: false, extensions: [] }));
  return router;
}

/**
 * Answers GET/HEAD for a file that has precompressed copies: the best copy the client accepts, with
 * Content-Encoding and the original's Content-Type, or the original itself; always with `Vary: Accept-Encoding`,
 * so a cache keeps the copies apart. Anything else falls through. The copies are listed once, at start.
 */
export function precompressed(dir: string, cache: { immutable?: boolean; maxAge?: string }): RequestHandler {
  const variants = listVariants(dir);
  return (req, res, next) => {
    if (req.method !== "GET" && req.method !== "HEAD") return next();
    const available = variants.get(req.path);
    if (!available) return next();
    res.vary("Accept-Encoding");
    const encoding = pickEncoding(req.headers["accept-encoding"], available);
    if (!encoding) return next(); // the original, through express.static, with the same Vary
    res.type(extname(req.path));
    res.set("Content-Encoding", encoding.name);
    res.sendFile(req.path.slice(1) + encoding.suffix, { root: dir, ...cache, dotfiles: "deny" }, (err) => {
      if (err && !res.headersSent) {
        res.removeHeader("Content-Encoding");
        res.removeHeader("Content-Type");
        next();
      }
    });
  };
}

/** URL path ("/camera-Ab12.js") → the encodings it has a precompressed copy for. */
function listVariants(dir: string): Map<string, Encoding[]> {
  const out = new Map<string, Encoding[]>();
  if (!existsSync(dir)) return out;
  const files = new Set(readdirSync(dir, { recursive: true, encoding: "utf8" }).map((p) => p.split(sep).join("/")));
  for (const file of files) {
    const has = ENCODINGS.filter((e) => files.has(file + e.suffix));
    if (has.length > 0 && !ENCODINGS.some((e) => file.endsWith(e.suffix))) out.set(`/${file}`, has);
  }
  return out;
}

/** The first of `available` (our order) that Accept-Encoding allows: listed, or covered by `*`, with q > 0. */
export function pickEncoding(header: string | undefined, available: readonly Encoding[]): Encoding | undefined {
  if (!header) return undefined;
  const q = new Map<string, number>();
  for (const part of header.split(",")) {
    const [name, ...params] = part.trim().toLowerCase().split(";");
    if (!name) continue;
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    const value = qParam === undefined ? 1 : Number(qParam.slice(2));
    q.set(name, Number.isFinite(value) ? value : 0);
  }
  return available.find((e) => (q.get(e.name) ?? q.get("*") ?? 0) > 0);
}
