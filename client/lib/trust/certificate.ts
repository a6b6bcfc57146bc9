// The viewer's lasting WebRTC identity for verified pairing: one ECDSA P-256 certificate per browser
// profile, kept in IndexedDB (database `codecam`, store `certificates`, key `viewer`), so the fingerprint in the
// QR link and a phone's "remember this laptop" stay true across reloads and days. Renewed a week before it
// expires; when IndexedDB is unavailable (private modes, blocked storage) each page gets a fresh one, which works
// but is not remembered.

const DB_NAME = "codecam";
/** Bump together with a new store in onupgradeneeded, should the database ever hold more. */
const DB_VERSION = 1;
const STORE = "certificates";
const KEY = "viewer";

const DAY_MS = 24 * 60 * 60 * 1_000;
/** Asked for at generation; browsers may grant less (Chromium and Firefox grant a year). */
export const CERTIFICATE_LIFETIME_MS = 365 * DAY_MS;
/** A certificate expiring sooner than this is replaced, so it never lapses during a session. */
export const CERTIFICATE_RENEW_BEFORE_MS = 7 * DAY_MS;
/** A storage that neither answers nor fails in this time is treated as unavailable. */
const STORAGE_TIMEOUT_MS = 5_000;

/**
 * True when a stored certificate must be replaced: its expiry time (RTCCertificate.expires, ms since the epoch)
 * is missing, not a number, or less than a week after `now`.
 */
export function certificateNeedsRenewal(expires: number | undefined, now: number): boolean {
  return typeof expires !== "number" || !Number.isFinite(expires) || expires - now < CERTIFICATE_RENEW_BEFORE_MS;
}

let loading: Promise<RTCCertificate> | undefined;

/**
 * The viewer's certificate: the stored one while it is good for more than a week, else a new one, stored for
 * next time. One per page: later calls get the first call's certificate, so the fingerprint the page's QR code
 * names is the one every connection of the page presents. Never rejects because of storage; only a browser that
 * cannot make a certificate at all makes it reject (and a later call tries again).
 */
export function loadViewerCertificate(): Promise<RTCCertificate> {
  loading ??= loadOrCreate().catch((err: unknown) => {
    loading = undefined;
    throw err;
  });
  return loading;
}

async function loadOrCreate(): Promise<RTCCertificate> {
  let db: IDBDatabase | undefined;
  try {
    db = await openDatabase();
    const stored = await withTimeout(request(db.transaction(STORE, "readonly").objectStore(STORE).get(KEY)));
    if (isCertificate(stored) && !certificateNeedsRenewal(stored.expires, Date.now())) {
      db.close();
      return stored;
    }
  } catch (err) {
    console.warn("codecam: could not read the stored certificate; this page uses a new one", err);
    db?.close();
    db = undefined;
  }
  const params: EcKeyGenParams & { expires: number } = {
    name: "ECDSA",
    namedCurve: "P-256",
    expires: CERTIFICATE_LIFETIME_MS,
  };
  const cert = await RTCPeerConnection.generateCertificate(params);
  if (db) {
    try {
      await withTimeout(request(db.transaction(STORE, "readwrite").objectStore(STORE).put(cert, KEY)));
    } catch (err) {
      console.warn("codecam: could not store the certificate; the next page will make another", err);
    }
    db.close();
  }
  return cert;
}

function isCertificate(value: unknown): value is RTCCertificate {
  return typeof RTCCertificate !== "undefined" && value instanceof RTCCertificate;
}

/** Opens (creating on first use) the database; rejects when it is unavailable, blocked or silent. */
function openDatabase(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const fail = (err: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      reject(err);
    };
    const timer = setTimeout(() => fail(new Error("IndexedDB did not answer")), STORAGE_TIMEOUT_MS);
    let open: IDBOpenDBRequest;
    try {
      open = indexedDB.open(DB_NAME, DB_VERSION); // throws where storage is denied (opaque origins, some settings)
    } catch (err) {
      fail(err instanceof Error ? err : new Error(String(err)));
      return;
    }
    open.onupgradeneeded = () => {
      if (!open.result.objectStoreNames.contains(STORE)) open.result.createObjectStore(STORE);
    };
    open.onsuccess = () => {
      // Opened after the page gave up on it: close it, or it would block a later version's upgrade.
      if (settled) open.result.close();
      else {
        settled = true;
        clearTimeout(timer);
        resolve(open.result);
      }
    };
    open.onerror = () => fail(open.error ?? new Error("indexedDB.open failed"));
    open.onblocked = () => fail(new Error("indexedDB.open is blocked by another tab"));
  });
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error("IndexedDB request failed"));
  });
}

function withTimeout<T>(promise: Promise<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("IndexedDB did not answer")), STORAGE_TIMEOUT_MS);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (err: unknown) => {
        clearTimeout(timer);
        reject(err);
      },
    );
  });
}
