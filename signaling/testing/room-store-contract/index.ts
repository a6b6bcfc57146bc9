// The RoomStore contract's one entry: each store's test file calls describeRoomStore once, and every topic's cases
// (one file each beside this one) run against that store. Cases follow docs/PROTOCOL.md "Codes and rooms"; they run
// on the memory store (store/memory/room-store.test.ts, an injected clock) and on the Redis store
// (store/redis/room-store.integration.test.ts, Redis's own clock).
import { afterEach, describe } from "vitest";
import { describeCodeIssue } from "./codes.js";
import { type ContractOptions, contractContext, type StoreHarness } from "./context.js";
import { describeExpiry } from "./expiry.js";
import { describeSlots } from "./slots.js";
import { describeStats } from "./stats.js";
import { describeTokens } from "./tokens.js";

export type { ContractOptions, StoreHarness, StoreRules } from "./context.js";

export function describeRoomStore(name: string, o: ContractOptions): void {
  const open: StoreHarness[] = [];
  const c = contractContext(o, open);

  describe(`RoomStore contract: ${name}`, () => {
    afterEach(async () => {
      o.forcedDraws.length = 0;
      for (const h of open.splice(0)) await h.close();
    });

    describeCodeIssue(c);
    describeExpiry(c);
    describeSlots(c);
    describeTokens(c);
    describeStats(c);
  });
}
