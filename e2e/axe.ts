// The accessibility check every spec runs on the states it visits: axe-core (through @axe-core/playwright) over
// the whole page, WCAG 2.x A and AA plus axe's best practices, and zero violations allowed.
import { AxeBuilder } from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { expect, test } from "@playwright/test";

type Violation = Awaited<ReturnType<AxeBuilder["analyze"]>>["violations"][number];

/** The rules whose outcome depends on the colour scheme. */
const COLOUR_RULES = ["color-contrast", "link-in-text-block"];

/** What one check (both schemes) may add to its test's time budget: axe walks the whole page twice. */
const AXE_BUDGET_MS = 60_000;

/** The rule sets that count: WCAG 2.0, 2.1 and 2.2 at levels A and AA, and axe's best practices. */
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"];

/** One line per violation and node: rule, impact, where, and axe's own summary of what to fix. */
export function describeViolations(violations: Violation[]): string {
  return violations
    .flatMap((v) =>
      v.nodes.map((n) => `${v.id} (${v.impact ?? "?"}) at ${n.target.join(" ")}: ${n.failureSummary ?? v.help}`),
    )
    .join("\n");
}

/**
 * Runs axe on the page as it is now, in the light and in the dark colour scheme, and fails with every violation
 * listed (softly: the test goes on, so one run shows every state's problems). `state` names what the page shows
 * (e.g. "layouts: viewer-pairing-laptop") so a failure says where it happened.
 */
export async function expectAccessible(page: Page, state: string): Promise<void> {
  // The check is not the behaviour under test: it brings its own time rather than eating the test's.
  test.info().setTimeout(test.info().timeout + AXE_BUDGET_MS);
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    await settle(page);
    // The dark scheme changes colours only: there the colour rules are all that can come out differently.
    const builder = new AxeBuilder({ page });
    const results = await (colorScheme === "dark" ? builder.withRules(COLOUR_RULES) : builder.withTags(TAGS)).analyze();
    expect
      .soft(results.violations, `axe on ${state} (${colorScheme}):\n${describeViolations(results.violations)}`)
      .toEqual([]);
  }
  // Back to the browser's own preference, as the test found it.
  await page.emulateMedia({ colorScheme: null });
}

/**
 * Lets a short transition that is under way finish first: a fading element has a contrast it never has at rest.
 * Endless or long animations (a pulsing dot, a countdown bar over the code's lifetime) are left running; waiting
 * for them would stall the test. Waits at most a second and a half.
 */
async function settle(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const SHORT_MS = 1_000;
    const ending = document.getAnimations().filter((a) => {
      const timing = a.effect?.getComputedTiming();
      const left = Number(timing?.endTime ?? Number.POSITIVE_INFINITY) - Number(timing?.localTime ?? 0);
      return a.playState === "running" && left <= SHORT_MS;
    });
    const cap = new Promise((resolve) => setTimeout(resolve, SHORT_MS + 500));
    await Promise.race([Promise.all(ending.map((a) => a.finished.catch(() => undefined))), cap]);
  });
}
