import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { writeClip } from "./clip.js";
import { BITS, BLACK, bitsOf, CLIP, DECODE_JS, decodeLevels, samplePoints, WHITE } from "./pattern.js";

const pageDecode = new Function(`${DECODE_JS}; return __glassDecode;`)() as (levels: number[]) => number | null;
const levelsOf = (index: number): number[] => bitsOf(index).map((b) => (b ? WHITE : BLACK));

describe("frame index pattern", () => {
  it("reads back every index it can carry, in Node and in the page's copy", () => {
    for (let i = 0; i < 2 ** BITS; i++) {
      expect(decodeLevels(levelsOf(i))).toBe(i);
      expect(pageDecode(levelsOf(i))).toBe(i);
    }
  });

  it("gives no index for a grey sample or a bit that matches its complement", () => {
    const grey = levelsOf(1234);
    grey[5] = 130;
    expect(decodeLevels(grey)).toBeNull();
    expect(pageDecode(grey)).toBeNull();
    const broken = levelsOf(1234);
    broken[BITS + 3] = broken[3]!;
    expect(decodeLevels(broken)).toBeNull();
    expect(pageDecode(broken)).toBeNull();
    expect(decodeLevels([])).toBeNull();
  });

  it("agrees with the page's copy on noisy levels", () => {
    let seed = 7;
    const rnd = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return (seed / 2 ** 31) * 255;
    };
    for (let n = 0; n < 2000; n++) {
      const levels = Array.from({ length: 2 * BITS }, rnd);
      expect(pageDecode(levels)).toBe(decodeLevels(levels));
    }
  });

  it("rejects indices it cannot carry", () => {
    expect(() => bitsOf(2 ** BITS)).toThrow(RangeError);
    expect(() => bitsOf(-1)).toThrow(RangeError);
  });
});

describe("the clip", () => {
  it("is a Y4M file whose frames carry their own index at the sample points", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "glass-clip-test-"));
    try {
      const file = path.join(dir, "clip.y4m");
      const frames = writeClip(file, { seconds: 4 / CLIP.fps });
      expect(frames).toBe(4);
      const data = readFileSync(file);
      const headerEnd = data.indexOf(0x0a) + 1;
      expect(data.subarray(0, headerEnd).toString("latin1")).toBe(
        `YUV4MPEG2 W${CLIP.width} H${CLIP.height} F${CLIP.fps}:1 Ip A1:1 C420jpeg\n`,
      );
      const frameBytes = 6 + CLIP.width * CLIP.height * 1.5;
      expect(data.length).toBe(headerEnd + frames * frameBytes);
      for (let i = 0; i < frames; i++) {
        const start = headerEnd + i * frameBytes;
        expect(data.subarray(start, start + 6).toString("latin1")).toBe("FRAME\n");
        const luma = data.subarray(start + 6, start + 6 + CLIP.width * CLIP.height);
        const levels = samplePoints().map(
          ([x, y]) => luma[Math.floor(y * CLIP.height) * CLIP.width + Math.floor(x * CLIP.width)]!,
        );
        expect(decodeLevels(levels)).toBe(i);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
