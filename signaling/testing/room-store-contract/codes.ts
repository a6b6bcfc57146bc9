// Contract cases for issuing codes: their shape and lifetime, uniqueness among live codes, and what a draw does
// when it hits a live code.
import { describe, expect, it } from "vitest";
import { SignalingError } from "../../errors.js";
import type { ContractContext } from "./context.js";

/** issueCode: six-digit codes, never a live one twice, drawn again on a collision, UNAVAILABLE when all collide. */
export function describeCodeIssue(c: ContractContext): void {
  const { TTL, forcedDraws, make, past, skew } = c;
  describe("issueCode", () => {
    it("issues six-digit codes that expire codeTtlMs after issue", async () => {
      const h = await make();
      const { store } = h;
      const before = h.now();
      const issued = await store.issueCode();
      const after = h.now();
      expect(issued.code).toMatch(/^[0-9]{6}$/);
      expect(issued.expiresAt).toBeGreaterThanOrEqual(before + TTL - skew);
      expect(issued.expiresAt).toBeLessThanOrEqual(after + TTL + skew);
    });

    it("never issues a code that is already live", async () => {
      const h = await make();
      const { store } = h;
      const codes = new Set<string>();
      for (let i = 0; i < 1_000; i++) {
        const { code } = await store.issueCode();
        expect(code).toMatch(/^[0-9]{6}$/);
        codes.add(code);
      }
      expect(codes.size).toBe(1_000);
      expect((await store.stats()).codes).toBe(1_000);
    });

    it("draws codes across the whole space, leading zeros included", async () => {
      const h = await make();
      const { store } = h;
      const firstDigits = new Set<string>();
      for (let i = 0; i < 500; i++) firstDigits.add((await store.issueCode()).code[0]!);
      // 500 uniform draws miss one of the ten first digits with probability about 10 * 0.9^500 ≈ 1e-22.
      expect([...firstDigits].sort().join("")).toBe("0123456789");
    });
  });

  describe("issueCode when draws collide", () => {
    it("draws again when the drawn code is live", async () => {
      const h = await make();
      const { store } = h;
      forcedDraws.push("111111");
      expect((await store.issueCode()).code).toBe("111111");
      forcedDraws.push("111111", "111111", "222222");
      expect((await store.issueCode()).code).toBe("222222");
      expect(forcedDraws).toEqual([]);
    });

    it("reuses a drawn code whose earlier issue has expired", async () => {
      const h = await make();
      const { store } = h;
      forcedDraws.push("333333");
      await store.issueCode();
      await h.advance(past(TTL));
      forcedDraws.push("333333");
      const before = h.now();
      const again = await store.issueCode();
      expect(again.code).toBe("333333");
      expect(again.expiresAt).toBeGreaterThanOrEqual(before + TTL - skew);
      expect(again.expiresAt).toBeLessThanOrEqual(h.now() + TTL + skew);
    });

    it("throws UNAVAILABLE when every draw hits a live code", async () => {
      const h = await make();
      const { store } = h;
      forcedDraws.push("444444");
      await store.issueCode();
      forcedDraws.push(...Array<string>(1_000).fill("444444"));
      const err = await store.issueCode().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(SignalingError);
      expect((err as SignalingError).code).toBe("UNAVAILABLE");
      // It gave up after a bounded number of draws, not after the 1,000 on offer.
      expect(forcedDraws.length).toBeGreaterThan(0);
      expect((await store.stats()).codes).toBe(1);
    });
  });
}
