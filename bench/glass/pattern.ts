// The frame index each frame of the glass-to-glass clip carries, drawn as big black and white blocks that survive
// the encoder and downscaling, and read back in the pages. Two rows of BITS blocks in the middle of the frame: the
// first the index (most significant bit first), the second its complement, so a frame read mid-blur, scaled or
// half decoded gives no index rather than a wrong one.

export const CLIP = { width: 1280, height: 720, fps: 30 } as const;
/** 4,096 indices: 136 s at 30 fps before the index wraps (clips are shorter and loop; see frame matching). */
export const BITS = 12;
/** A block's side in the clip's pixels: 8 px even at a tenth of the size (a 128×72 picture). */
export const BLOCK = 80;
const LEFT = (CLIP.width - BITS * BLOCK) / 2;
const TOP = (CLIP.height - 2 * BLOCK) / 2;
/** Luma of a set and a clear bit (the video range, 16-235). */
export const WHITE = 235;
export const BLACK = 16;
/** A sample this close to mid-grey is neither bit: no index is read from the frame. */
const MARGIN = 40;

export interface Block {
  /** Top-left corner in the clip's pixels. */
  x: number;
  y: number;
}

/** The 2 × BITS blocks in reading order: the index's bits, then its complement's. */
export function blocks(): Block[] {
  const out: Block[] = [];
  for (let row = 0; row < 2; row++)
    for (let bit = 0; bit < BITS; bit++) out.push({ x: LEFT + bit * BLOCK, y: TOP + row * BLOCK });
  return out;
}

/** Where the pages sample: each block's centre as a fraction of the frame's width and height. */
export function samplePoints(): Array<[number, number]> {
  return blocks().map((b) => [(b.x + BLOCK / 2) / CLIP.width, (b.y + BLOCK / 2) / CLIP.height]);
}

/** Each block's state for `index` (true: white), in blocks() order. */
export function bitsOf(index: number): boolean[] {
  if (!Number.isInteger(index) || index < 0 || index >= 2 ** BITS) throw new RangeError(`index ${index} out of range`);
  const bits: boolean[] = [];
  for (let i = BITS - 1; i >= 0; i--) bits.push(((index >> i) & 1) === 1);
  return [...bits, ...bits.map((b) => !b)];
}

/**
 * The index from the luma (0-255) sampled at samplePoints(), or null when the picture does not carry one
 * cleanly: a sample near mid-grey, or a bit that does not match its complement.
 */
export function decodeLevels(levels: readonly number[]): number | null {
  if (levels.length !== 2 * BITS) return null;
  let index = 0;
  for (let i = 0; i < BITS; i++) {
    const a = levels[i]!;
    const b = levels[BITS + i]!;
    if (Math.abs(a - 128) < MARGIN || Math.abs(b - 128) < MARGIN) return null;
    if (a > 128 === b > 128) return null;
    index = (index << 1) | (a > 128 ? 1 : 0);
  }
  return index;
}

/**
 * The same decoding as plain JavaScript for the pages (an init script is a string: a TypeScript function would
 * carry tsx's helpers into the page). `__glassDecode(levels)` must agree with decodeLevels; pattern.test.ts
 * checks that it does.
 */
export const DECODE_JS = `function __glassDecode(levels) {
  if (levels.length !== ${2 * BITS}) return null;
  let index = 0;
  for (let i = 0; i < ${BITS}; i++) {
    const a = levels[i];
    const b = levels[${BITS} + i];
    if (Math.abs(a - 128) < ${MARGIN} || Math.abs(b - 128) < ${MARGIN}) return null;
    if (a > 128 === b > 128) return null;
    index = (index << 1) | (a > 128 ? 1 : 0);
  }
  return index;
}`;
