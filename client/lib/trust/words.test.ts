import { describe, expect, it } from "vitest";
import { SAS_WORDS } from "./words.js";

/**
 * A rough key for how a word sounds: silent letters dropped, letters that sound alike merged, doubled letters
 * single, every run of vowels one symbol. Two words with the same key (sea/see, write/right, bear/bare, but also
 * cat/kit) could be misheard for each other when read aloud.
 */
function soundKey(word: string): string {
  return word
    .replace(/^kn/, "n")
    .replace(/^wr/, "r")
    .replace(/^wh/, "w")
    .replace(/^ps/, "s")
    .replace(/ph/g, "f")
    .replace(/gh/g, "")
    .replace(/ck/g, "k")
    .replace(/qu/g, "kw")
    .replace(/x/g, "ks")
    .replace(/c(?=[eiy])/g, "s")
    .replace(/c/g, "k")
    .replace(/z/g, "s")
    .replace(/([^aeiou])e$/, "$1")
    .replace(/(?!^)y/g, "i")
    .replace(/(.)\1+/g, "$1")
    .replace(/[aeiou]+/g, "·");
}

/** Edits (insert, delete, replace, swap two neighbours) from one spelling to the other. */
function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => i || j));
  const at = (i: number, j: number) => d[i]![j]!;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, at(i - 2, j - 2) + 1);
      d[i]![j] = best;
    }
  }
  return at(a.length, b.length);
}

describe("the words list", () => {
  it("has 256 words, one per byte value", () => {
    expect(SAS_WORDS).toHaveLength(256);
  });

  it("has short, plain lowercase words, each once", () => {
    for (const word of SAS_WORDS) expect(word).toMatch(/^[a-z]{3,6}$/);
    expect(new Set(SAS_WORDS).size).toBe(SAS_WORDS.length);
  });

  it("is in alphabetical order, so a reader can check it", () => {
    expect([...SAS_WORDS].sort()).toEqual(SAS_WORDS);
  });

  it("has no two words that look alike: at least two edits apart", () => {
    const close: string[] = [];
    for (let i = 0; i < SAS_WORDS.length; i++) {
      for (let j = i + 1; j < SAS_WORDS.length; j++) {
        if (editDistance(SAS_WORDS[i]!, SAS_WORDS[j]!) < 2) close.push(`${SAS_WORDS[i]}/${SAS_WORDS[j]}`);
      }
    }
    expect(close).toEqual([]);
  });

  it("has no two words that sound alike", () => {
    const byKey = new Map<string, string[]>();
    for (const word of SAS_WORDS) byKey.set(soundKey(word), [...(byKey.get(soundKey(word)) ?? []), word]);
    expect([...byKey.values()].filter((words) => words.length > 1)).toEqual([]);
  });

  it("catches the look-alikes and sound-alikes it is meant to", () => {
    expect(editDistance("cat", "cap")).toBe(1);
    expect(editDistance("form", "from")).toBe(1);
    expect(editDistance("card", "cart")).toBe(1);
    expect(editDistance("sun", "sunset")).toBe(3);
    for (const [a, b] of [
      ["sea", "see"],
      ["write", "right"],
      ["bear", "bare"],
      ["knot", "not"],
      ["phase", "faze"],
      ["cell", "sell"],
      ["mouse", "moose"],
    ]) {
      expect(soundKey(a!), `${a}/${b}`).toBe(soundKey(b!));
    }
  });
});
