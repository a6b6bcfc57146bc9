import { describe, expect, it } from "vitest";
import { CERTIFICATE_LIFETIME_MS, CERTIFICATE_RENEW_BEFORE_MS, certificateNeedsRenewal } from "./certificate.js";

const DAY_MS = 24 * 60 * 60 * 1_000;
const NOW = Date.UTC(2026, 0, 1);

describe("certificateNeedsRenewal", () => {
  it("asks for a year and renews a week before the end", () => {
    expect(CERTIFICATE_LIFETIME_MS).toBe(365 * DAY_MS);
    expect(CERTIFICATE_RENEW_BEFORE_MS).toBe(7 * DAY_MS);
  });

  it.each([
    ["a fresh one-year certificate", NOW + 365 * DAY_MS, false],
    ["one with 30 days left (Chromium's default lifetime)", NOW + 30 * DAY_MS, false],
    ["one with a week and a minute left", NOW + 7 * DAY_MS + 60_000, false],
    ["one with exactly a week left", NOW + 7 * DAY_MS, false],
    ["one a millisecond short of a week", NOW + 7 * DAY_MS - 1, true],
    ["one with a day left", NOW + DAY_MS, true],
    ["one expiring now", NOW, true],
    ["an expired one", NOW - DAY_MS, true],
    ["one without an expiry", undefined, true],
    ["one whose expiry is not a number", Number.NaN, true],
    ["one that never expires, by its own account", Number.POSITIVE_INFINITY, true],
  ])("%s: renew = %s", (_, expires, renew) => {
    expect(certificateNeedsRenewal(expires, NOW)).toBe(renew);
  });
});
