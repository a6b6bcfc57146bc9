import { afterEach, describe, expect, it, vi } from "vitest";
import { fingerprintToUrl } from "./fingerprint.js";
import {
  LAPTOPS_STORAGE_KEY,
  MAX_REMEMBERED_LAPTOPS,
  parseQrLaptop,
  parseRememberedLaptops,
  QR_LAPTOP_STORAGE_KEY,
  splitLaptopFromFragment,
  withRememberedLaptop,
} from "./laptops.js";

const FP = "c7039f96cf58ac64f94316ee02c3301091320236ded860ce259a0085d11a8c46";
const OTHER = "d6004a9f80e2e6e991a5e3c528a00c381458db741cc9960cf4ca566d886f58fb";
const V = fingerprintToUrl(FP);
const fp = (n: number) => n.toString(16).padStart(64, "0");

describe("splitLaptopFromFragment", () => {
  it.each([
    [`#v=${V}`, FP, ""],
    [`#v=${V}&key=a+b/c==`, FP, "#key=a+b/c=="],
    [`#key=abc&v=${V}`, FP, "#key=abc"],
    [`#view=full&v=${V}&key=abc`, FP, "#view=full&key=abc"],
    ["#v=not-a-fingerprint&key=abc", undefined, "#key=abc"],
    [`#v=${V.slice(1)}`, undefined, ""],
    ["#key=abc", undefined, "#key=abc"],
    ["#v=", undefined, "#v="],
    ["", undefined, ""],
  ])("%j → fingerprint %j, rest %j", (hash, fingerprint, rest) => {
    expect(splitLaptopFromFragment(hash)).toEqual({ fingerprint, rest });
  });
});

describe("parseQrLaptop", () => {
  it("reads the fingerprint kept for this code only", () => {
    const json = JSON.stringify({ code: "123456", fingerprint: FP });
    expect(parseQrLaptop(json, "123456")).toBe(FP);
    expect(parseQrLaptop(json, "654321")).toBeUndefined();
  });

  it.each([
    null,
    "",
    "not json",
    "null",
    "[]",
    JSON.stringify({ code: "123456" }),
    JSON.stringify({ code: "123456", fingerprint: FP.toUpperCase() }),
    JSON.stringify({ code: 123456, fingerprint: FP }),
  ])("reads nothing from %j", (json) => {
    expect(parseQrLaptop(json, "123456")).toBeUndefined();
  });
});

describe("remembered laptops, as stored", () => {
  it("keeps well-formed entries, each fingerprint once, and drops the rest", () => {
    const json = JSON.stringify([
      { fingerprint: FP, added: 1 },
      { fingerprint: FP, added: 2 },
      { fingerprint: "ab" },
      null,
      "text",
      { fingerprint: OTHER },
      { fingerprint: fp(1), added: "yesterday" },
    ]);
    expect(parseRememberedLaptops(json)).toEqual([
      { fingerprint: FP, added: 1 },
      { fingerprint: OTHER, added: 0 },
      { fingerprint: fp(1), added: 0 },
    ]);
    for (const bad of [null, "", "{", "{}", "42"]) expect(parseRememberedLaptops(bad)).toEqual([]);
  });

  it("adds a laptop at the end, moves one that is already there, and drops the oldest beyond the cap", () => {
    const one = withRememberedLaptop([], FP, 10);
    expect(one).toEqual([{ fingerprint: FP, added: 10 }]);
    const two = withRememberedLaptop(one, OTHER, 20);
    expect(withRememberedLaptop(two, FP, 30)).toEqual([
      { fingerprint: OTHER, added: 20 },
      { fingerprint: FP, added: 30 },
    ]);
    let many: ReturnType<typeof withRememberedLaptop> = [];
    for (let i = 0; i < MAX_REMEMBERED_LAPTOPS + 5; i++) many = withRememberedLaptop(many, fp(i), i);
    expect(many).toHaveLength(MAX_REMEMBERED_LAPTOPS);
    expect(many[0]).toEqual({ fingerprint: fp(5), added: 5 });
  });
});

/** Web Storage kept in a Map, or one that throws on every call (storage disabled, or full). */
class MemoryStorage implements Storage {
  readonly #items = new Map<string, string>();
  constructor(readonly broken = false) {}
  get length() {
    return this.#check().#items.size;
  }
  key(index: number) {
    return [...this.#check().#items.keys()][index] ?? null;
  }
  getItem(key: string) {
    return this.#check().#items.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    this.#check().#items.set(key, String(value));
  }
  removeItem(key: string) {
    this.#check().#items.delete(key);
  }
  clear() {
    this.#check().#items.clear();
  }
  #check(): this {
    if (this.broken) throw new DOMException("storage is disabled", "SecurityError");
    return this;
  }
}

/** A page at /camera?code=123456 with `hash`, its storages, and the module loaded fresh as on a page load. */
async function openCamera(hash: string, storage = { session: new MemoryStorage(), local: new MemoryStorage() }) {
  const location = { pathname: "/camera", search: "?code=123456", hash };
  const replaceState = vi.fn((_state: unknown, _unused: string, url: string) => {
    location.hash = url.includes("#") ? url.slice(url.indexOf("#")) : "";
  });
  vi.stubGlobal("location", location);
  vi.stubGlobal("history", { state: { page: 1 }, replaceState });
  vi.stubGlobal("sessionStorage", storage.session);
  vi.stubGlobal("localStorage", storage.local);
  vi.resetModules();
  const laptops = await import("./laptops.js");
  return { laptops, location, replaceState, storage };
}

describe("the camera page's QR laptop", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("takes #v= out of the address bar, keeps #key=, and remembers the laptop for this tab and code", async () => {
    const { laptops, location, replaceState, storage } = await openCamera(`#key=abc&v=${V}`);
    expect(laptops.adoptQrLaptop("123456")).toBe(FP);
    expect(replaceState).toHaveBeenCalledExactlyOnceWith({ page: 1 }, "", "/camera?code=123456#key=abc");
    expect(location.hash).toBe("#key=abc");
    expect(JSON.parse(storage.session.getItem(QR_LAPTOP_STORAGE_KEY)!)).toEqual({ code: "123456", fingerprint: FP });
    expect(laptops.qrLaptop("123456")).toBe(FP);
    expect(laptops.qrLaptop("654321")).toBeUndefined();

    // A reload of the tab: the address no longer has #v=, the tab's storage does.
    const reload = await openCamera(location.hash, storage);
    expect(reload.laptops.adoptQrLaptop("123456")).toBe(FP);
    expect(reload.replaceState).not.toHaveBeenCalled();
    expect(reload.laptops.qrLaptop("654321")).toBeUndefined();
  });

  it("removes an unusable #v= and names no laptop", async () => {
    const { laptops, location, storage } = await openCamera("#v=garbage");
    expect(laptops.adoptQrLaptop("123456")).toBeUndefined();
    expect(location.hash).toBe("");
    expect(storage.session.getItem(QR_LAPTOP_STORAGE_KEY)).toBeNull();
  });

  it("leaves an address without #v= alone", async () => {
    const { laptops, replaceState } = await openCamera("#key=abc");
    expect(laptops.adoptQrLaptop("123456")).toBeUndefined();
    expect(replaceState).not.toHaveBeenCalled();
  });

  it("still knows the laptop for the page's life when storage is disabled", async () => {
    const broken = { session: new MemoryStorage(true), local: new MemoryStorage(true) };
    const { laptops, location } = await openCamera(`#v=${V}`, broken);
    expect(laptops.adoptQrLaptop("123456")).toBe(FP);
    expect(location.hash).toBe("");
    expect(laptops.qrLaptop("123456")).toBe(FP);
    expect(laptops.qrLaptop("654321")).toBeUndefined();
  });

  it("follows a new QR link opened in the same tab", async () => {
    const first = await openCamera(`#v=${V}`);
    first.laptops.adoptQrLaptop("123456");
    const second = await openCamera(`#v=${fingerprintToUrl(OTHER)}`, first.storage);
    expect(second.laptops.adoptQrLaptop("123456")).toBe(OTHER);
    expect(second.laptops.qrLaptop("123456")).toBe(OTHER);
  });
});

describe("the camera page's remembered laptops", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("remembers, finds, counts and forgets laptops across page loads", async () => {
    const { laptops, storage } = await openCamera("");
    expect(laptops.rememberedCount()).toBe(0);
    expect(laptops.isRemembered(FP)).toBe(false);
    laptops.remember(FP, 1_000);
    laptops.remember(OTHER, 2_000);
    laptops.remember(FP, 3_000);
    expect(laptops.isRemembered(FP)).toBe(true);
    expect(laptops.rememberedCount()).toBe(2);
    expect(JSON.parse(storage.local.getItem(LAPTOPS_STORAGE_KEY)!)).toEqual([
      { fingerprint: OTHER, added: 2_000 },
      { fingerprint: FP, added: 3_000 },
    ]);

    const next = await openCamera("", { session: new MemoryStorage(), local: storage.local });
    expect(next.laptops.isRemembered(OTHER)).toBe(true);
    next.laptops.forgetAllLaptops();
    expect(next.laptops.rememberedCount()).toBe(0);
    expect(next.laptops.isRemembered(FP)).toBe(false);
    expect(storage.local.getItem(LAPTOPS_STORAGE_KEY)).toBeNull();
  });

  it("refuses to remember something that is not a fingerprint", async () => {
    const { laptops } = await openCamera("");
    expect(() => laptops.remember(FP.toUpperCase())).toThrow(/not a fingerprint/);
    expect(laptops.rememberedCount()).toBe(0);
  });

  it("tolerates storage that is disabled: remembered for the page's life, then forgotten", async () => {
    const broken = { session: new MemoryStorage(true), local: new MemoryStorage(true) };
    const { laptops } = await openCamera("", broken);
    expect(laptops.rememberedCount()).toBe(0);
    laptops.remember(FP);
    expect(laptops.isRemembered(FP)).toBe(true);
    expect(laptops.rememberedCount()).toBe(1);
    laptops.forgetAllLaptops();
    expect(laptops.isRemembered(FP)).toBe(false);
  });

  it("ignores a stored list that is not one", async () => {
    const local = new MemoryStorage();
    local.setItem(LAPTOPS_STORAGE_KEY, "{broken");
    const { laptops } = await openCamera("", { session: new MemoryStorage(), local });
    expect(laptops.rememberedCount()).toBe(0);
    laptops.remember(FP, 5);
    expect(JSON.parse(local.getItem(LAPTOPS_STORAGE_KEY)!)).toEqual([{ fingerprint: FP, added: 5 }]);
  });
});
