// What the camera (phone) page knows about laptops for verified pairing: the laptop its QR link named, for this
// tab (sessionStorage `codecam:qr-laptop`, so a reload still knows it), and the laptops the holder chose to
// remember (localStorage `codecam:laptops`). The `#v=` fragment is taken out of the address bar as soon as it is
// read, like `#key=`: it is never sent to the server, logged, or put in a request. Storage that is disabled or
// full is tolerated: what could not be stored lasts as long as the page.
import type { RoomCode } from "../../../signaling/protocol.js";
import { splitFragmentParam } from "../room/access-key.js";
import { fingerprintFromUrl, isFingerprint } from "./fingerprint.js";

export const QR_LAPTOP_STORAGE_KEY = "codecam:qr-laptop";
export const LAPTOPS_STORAGE_KEY = "codecam:laptops";
/** Remembered laptops kept at most; the oldest goes first. A phone pairs with a handful, not hundreds. */
export const MAX_REMEMBERED_LAPTOPS = 50;

export interface QrLaptop {
  code: RoomCode;
  /** Fingerprint hex. */
  fingerprint: string;
}

export interface RememberedLaptop {
  /** Fingerprint hex. */
  fingerprint: string;
  /** When the holder chose to remember it, ms since the epoch. */
  added: number;
}

/**
 * `#v=<base64url>&key=…` → the fingerprint hex the link names (undefined when `v=` is absent or not a fingerprint)
 * and the fragment without `v=` (a present but unusable `v=` is removed too: it is ours, and no use to anyone).
 */
export function splitLaptopFromFragment(hash: string): { fingerprint: string | undefined; rest: string } {
  const { value, rest } = splitFragmentParam(hash, "v");
  return { fingerprint: value === undefined ? undefined : fingerprintFromUrl(value), rest };
}

/** The QR laptop stored for `code`, from its JSON; undefined for another code or anything malformed. */
export function parseQrLaptop(json: string | null, code: RoomCode): string | undefined {
  const stored = parseJson(json) as Partial<QrLaptop> | undefined;
  if (stored?.code !== code || !isFingerprint(stored.fingerprint)) return undefined;
  return stored.fingerprint;
}

/** The remembered laptops from their JSON: malformed entries dropped, each fingerprint once. */
export function parseRememberedLaptops(json: string | null): RememberedLaptop[] {
  const stored = parseJson(json);
  if (!Array.isArray(stored)) return [];
  const laptops = new Map<string, RememberedLaptop>();
  for (const entry of stored as Partial<RememberedLaptop>[]) {
    if (typeof entry !== "object" || entry === null) continue;
    const { fingerprint, added } = entry;
    if (!isFingerprint(fingerprint) || laptops.has(fingerprint)) continue;
    laptops.set(fingerprint, { fingerprint, added: typeof added === "number" && Number.isFinite(added) ? added : 0 });
  }
  return [...laptops.values()];
}

/** The list with `fingerprint` added (or moved to the end, with the new time); beyond the cap the oldest goes. */
export function withRememberedLaptop(
  laptops: RememberedLaptop[],
  fingerprint: string,
  now: number,
): RememberedLaptop[] {
  const next = [...laptops.filter((l) => l.fingerprint !== fingerprint), { fingerprint, added: now }];
  return next.slice(-MAX_REMEMBERED_LAPTOPS);
}

// What could not be stored, for the rest of the page's life.
let qrLaptopInMemory: QrLaptop | undefined;
let laptopsInMemory: RememberedLaptop[] | undefined;

/**
 * Reads a `#v=` the camera page was opened with for `code`, keeps it for this tab and removes it from the address
 * bar and this history entry at once. Returns the QR laptop for `code`: the one just read, else the one kept from
 * an earlier load of this tab (a reload), else undefined.
 */
export function adoptQrLaptop(code: RoomCode): string | undefined {
  const { fingerprint, rest } = splitLaptopFromFragment(location.hash);
  if (rest !== location.hash) history.replaceState(history.state, "", `${location.pathname}${location.search}${rest}`);
  if (fingerprint !== undefined) {
    qrLaptopInMemory = { code, fingerprint };
    try {
      sessionStorage.setItem(QR_LAPTOP_STORAGE_KEY, JSON.stringify(qrLaptopInMemory));
    } catch {
      // kept in memory: a reload will not know it, a question will then be asked
    }
  }
  return qrLaptop(code);
}

/** The fingerprint hex of the laptop this tab's QR link named for `code`, if any. */
export function qrLaptop(code: RoomCode): string | undefined {
  // This page's own reading comes first: it is newer than anything stored, and stands in when storing failed.
  if (qrLaptopInMemory) return qrLaptopInMemory.code === code ? qrLaptopInMemory.fingerprint : undefined;
  try {
    return parseQrLaptop(sessionStorage.getItem(QR_LAPTOP_STORAGE_KEY), code);
  } catch {
    return undefined; // see adoptQrLaptop
  }
}

/** Remembers a laptop the holder allowed with "Remember this laptop" (or paired by QR, if the page offers it). */
export function remember(fingerprint: string, now = Date.now()): void {
  if (!isFingerprint(fingerprint)) throw new Error(`not a fingerprint: ${JSON.stringify(fingerprint)}`);
  saveLaptops(withRememberedLaptop(loadLaptops(), fingerprint, now));
}

export function isRemembered(fingerprint: string): boolean {
  return loadLaptops().some((l) => l.fingerprint === fingerprint);
}

export function rememberedCount(): number {
  return loadLaptops().length;
}

/** "Forget remembered laptops" in the camera's settings. */
export function forgetAllLaptops(): void {
  laptopsInMemory = [];
  try {
    localStorage.removeItem(LAPTOPS_STORAGE_KEY);
    laptopsInMemory = undefined;
  } catch {
    // the empty list in memory stands in for the storage until the page closes
  }
}

function loadLaptops(): RememberedLaptop[] {
  if (laptopsInMemory) return laptopsInMemory;
  try {
    return parseRememberedLaptops(localStorage.getItem(LAPTOPS_STORAGE_KEY));
  } catch {
    return [];
  }
}

function saveLaptops(laptops: RememberedLaptop[]): void {
  try {
    localStorage.setItem(LAPTOPS_STORAGE_KEY, JSON.stringify(laptops));
    laptopsInMemory = undefined;
  } catch {
    laptopsInMemory = laptops;
  }
}

function parseJson(json: string | null): unknown {
  if (json === null) return undefined;
  try {
    return JSON.parse(json);
  } catch {
    return undefined;
  }
}
