// docs/CONFIGURATION.md is what the settings schema generates: a setting added, renamed or re-described in the
// schema fails here until the page is regenerated.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { configurationReference } from "./reference.js";
import { SETTINGS } from "./schema.js";

describe("docs/CONFIGURATION.md", () => {
  it("is exactly what the schema generates (run `npm run docs:config` after changing a setting)", () => {
    const committed = readFileSync(new URL("../../docs/CONFIGURATION.md", import.meta.url), "utf8");
    expect(committed, "docs/CONFIGURATION.md is stale: run `npm run docs:config`").toBe(configurationReference());
  });

  it("lists every setting once, each with a type and a description", () => {
    const page = configurationReference();
    for (const s of Object.values(SETTINGS)) {
      expect(page.split(`| \`${s.env}\` |`)).toHaveLength(2);
      expect(s.type.length).toBeGreaterThan(0);
      expect(s.description).toMatch(/\.$/);
    }
  });
});
