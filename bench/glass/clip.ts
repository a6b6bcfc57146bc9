// The glass-to-glass clip: a Y4M file for Chromium's fake camera (--use-file-for-fake-video-capture) whose every
// frame carries its own index (pattern.ts). Behind the blocks, a detailed picture pans 3 px a frame with a little
// fresh noise, so the encoder has a camera's kind of work to do (a still picture would cost no bits and make
// a shaped link meaningless). Generated into a temporary directory for each run, never committed.
import { closeSync, openSync, writeSync } from "node:fs";
import { BLACK, BLOCK, bitsOf, blocks, CLIP, WHITE } from "./pattern.js";

export interface ClipOptions {
  seconds: number;
  /** Seed of the picture's noise: the same seed gives the same file. */
  seed?: number;
}

/** A small deterministic generator (mulberry32): the clip is the same on every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Smooth value noise (a coarse random grid, bilinear) plus fine grain: a picture with edges at every scale. */
function texture(width: number, height: number, rnd: () => number): Uint8Array {
  const cell = 24;
  const gw = Math.ceil(width / cell) + 2;
  const gh = Math.ceil(height / cell) + 2;
  const grid = Float32Array.from({ length: gw * gh }, () => rnd());
  const out = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const gy = y / cell;
    const y0 = Math.floor(gy);
    const fy = gy - y0;
    for (let x = 0; x < width; x++) {
      const gx = x / cell;
      const x0 = Math.floor(gx);
      const fx = gx - x0;
      const a = grid[y0 * gw + x0]! * (1 - fx) + grid[y0 * gw + x0 + 1]! * fx;
      const b = grid[(y0 + 1) * gw + x0]! * (1 - fx) + grid[(y0 + 1) * gw + x0 + 1]! * fx;
      const v = 40 + 150 * (a * (1 - fy) + b * fy) + (rnd() - 0.5) * 30;
      out[y * width + x] = Math.max(16, Math.min(235, Math.round(v)));
    }
  }
  return out;
}

/** Writes the clip to `file` (about 1.4 MB a frame at 1280×720). Returns the number of frames. */
export function writeClip(file: string, opts: ClipOptions): number {
  const { width, height, fps } = CLIP;
  const frames = Math.round(opts.seconds * fps);
  if (frames < 1 || frames > 2 ** 12) throw new RangeError(`a clip of ${frames} frames cannot carry its indices`);
  const rnd = random(opts.seed ?? 20);
  const panWidth = width * 2;
  const pic = texture(panWidth, height, rnd);
  const grain = Uint8Array.from({ length: 1 << 16 }, () => Math.floor(rnd() * 9));
  const ySize = width * height;
  const cSize = (width / 2) * (height / 2);
  const frame = Buffer.alloc(6 + ySize + 2 * cSize);
  frame.write("FRAME\n", 0, "latin1");
  const fd = openSync(file, "w");
  try {
    writeSync(fd, Buffer.from(`YUV4MPEG2 W${width} H${height} F${fps}:1 Ip A1:1 C420jpeg\n`, "latin1"));
    const where = blocks();
    // Chroma: a slow diagonal colour wash, neutral under the blocks, read from one table along the diagonals.
    const cw = width / 2;
    const ch = height / 2;
    const washLength = cw + ch + 2 * frames;
    const wash = Uint8Array.from({ length: 2 * washLength + ch + frames }, (_, s) =>
      Math.round(128 + 40 * Math.sin(s / 90)),
    );
    for (let i = 0; i < frames; i++) {
      const shift = (i * 3) % width;
      const luma = frame.subarray(6, 6 + ySize);
      for (let y = 0; y < height; y++) {
        const row = y * panWidth + shift;
        luma.set(pic.subarray(row, row + width), y * width);
      }
      // Fresh grain on a band of rows each frame: what a sensor's noise gives the encoder to do.
      const band = (i * 37) % (height - 64);
      for (let p = band * width; p < (band + 64) * width; p++) luma[p] = luma[p]! + grain[(p + i * 7919) & 0xffff]!;
      const bits = bitsOf(i);
      where.forEach((b, k) => {
        const v = bits[k] ? WHITE : BLACK;
        for (let y = b.y; y < b.y + BLOCK; y++) luma.fill(v, y * width + b.x, y * width + b.x + BLOCK);
      });
      const u = frame.subarray(6 + ySize, 6 + ySize + cSize);
      const v = frame.subarray(6 + ySize + cSize);
      for (let y = 0; y < height / 2; y++)
        for (let x = 0; x < cw; x++) {
          u[y * cw + x] = wash[x + y + i * 2]!;
          v[y * cw + x] = wash[x - y - i + ch + frames + washLength]!;
        }
      for (const b of where)
        for (let y = b.y / 2; y < (b.y + BLOCK) / 2; y++) {
          u.fill(128, y * cw + b.x / 2, y * cw + (b.x + BLOCK) / 2);
          v.fill(128, y * cw + b.x / 2, y * cw + (b.x + BLOCK) / 2);
        }
      writeSync(fd, frame);
    }
  } finally {
    closeSync(fd);
  }
  return frames;
}
