import { describe, expect, it } from "vitest";
import { splitKeyFromFragment } from "./access-key.js";

describe("splitKeyFromFragment", () => {
  it.each([
    ["#key=abc", "abc", ""],
    ["#key=abc&view=full", "abc", "#view=full"],
    ["#view=full&key=a%2Bb%3D", "a+b=", "#view=full"],
    ["#key=a+b/c==", "a+b/c==", ""],
    ["#key=%E0%A4%A", undefined, "#key=%E0%A4%A"],
    ["#view=full", undefined, "#view=full"],
    ["#key=", undefined, "#key="],
    ["", undefined, ""],
  ])("%j → key %j, rest %j", (hash, key, rest) => {
    expect(splitKeyFromFragment(hash)).toEqual({ key, rest });
  });
});
