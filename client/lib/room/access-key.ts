// The access key for creating codes on a server with access control (docs/DEPLOYMENT.md "Access control"): asked for once,
// kept on this device, or brought by a link as `#key=…`. A fragment is never sent to the server, in a request
// or a Referer; the page takes it out of the address bar at once so it is not shared by copying the address.
import { ErrorCode, type GeneratedCode } from "../../../signaling/protocol.js";

const STORAGE_KEY = "codecam:access-key";
/** Rounds of "wrong key, ask again" before giving up, so a broken server cannot keep the page asking forever. */
const MAX_ASKS = 5;

export function loadAccessKey(): string | undefined {
  try {
    return localStorage.getItem(STORAGE_KEY) ?? undefined;
  } catch {
    return undefined; // storage disabled: the key lasts as long as the page
  }
}

export function saveAccessKey(key: string): void {
  try {
    localStorage.setItem(STORAGE_KEY, key);
  } catch {
    // see loadAccessKey
  }
}

export function forgetAccessKey(): void {
  try {
    localStorage.removeItem(STORAGE_KEY);
  } catch {
    // see loadAccessKey
  }
}

/**
 * Takes one `name=value` part out of a fragment parsed as `&`-separated parts: `#key=abc&x=1` with "key" →
 * value "abc" and the fragment without it ("#x=1"). A fragment without the part (or with it empty, or not
 * decodable) is left as it is. Parsed by hand rather than with URLSearchParams, which reads "+" as a space: keys
 * made by `openssl rand -base64` are full of them. Shared by every fragment the pages read (`key=`, `v=`).
 */
export function splitFragmentParam(hash: string, name: string): { value: string | undefined; rest: string } {
  const prefix = `${name}=`;
  const parts = hash.replace(/^#/, "").split("&");
  const index = parts.findIndex((p) => p.startsWith(prefix) && p.length > prefix.length);
  if (index < 0) return { value: undefined, rest: hash };
  let value: string;
  try {
    value = decodeURIComponent(parts[index]!.slice(prefix.length));
  } catch {
    return { value: undefined, rest: hash };
  }
  const rest = parts.filter((_, i) => i !== index && parts[i] !== "").join("&");
  return { value, rest: rest ? `#${rest}` : "" };
}

/** `#key=abc&x=1` → key "abc" and the fragment without it ("#x=1"); see splitFragmentParam. */
export function splitKeyFromFragment(hash: string): { key: string | undefined; rest: string } {
  const { value, rest } = splitFragmentParam(hash, "key");
  if (value === undefined) return { key: undefined, rest };
  return { key: value.trim() || undefined, rest };
}

/** Keeps a `#key=` the page was opened with, and removes it from the address bar and this history entry. */
export function adoptKeyFromUrl(): void {
  const { key, rest } = splitKeyFromFragment(location.hash);
  if (key === undefined) return;
  saveAccessKey(key);
  history.replaceState(history.state, "", `${location.pathname}${location.search}${rest}`);
}

/** Why the page asks: no key yet, or the one it had was refused (the server's message says how). */
export type KeyProblem = { kind: "needed" } | { kind: "refused"; message: string };

/** Shows the question and resolves with the typed key, or undefined when the user cancels. */
export type AskForKey = (problem: KeyProblem) => Promise<string | undefined>;

/**
 * Creates a code with this device's access key. A server without access control never answers 401, so the
 * key is neither asked for nor needed there. On 401 the stored key (if any) is dropped and `ask` is shown;
 * the first key the server accepts is kept. When the user cancels, the UNAUTHORIZED refusal is thrown; other
 * failures (429, network) are thrown as `generate` threw them.
 */
export async function generateWithAccessKey(
  generate: (accessKey: string | undefined) => Promise<GeneratedCode>,
  ask: AskForKey,
): Promise<GeneratedCode> {
  let key = loadAccessKey();
  for (let round = 0; ; round++) {
    try {
      const generated = await generate(key);
      if (key !== undefined) saveAccessKey(key);
      return generated;
    } catch (err) {
      if (!isUnauthorized(err) || round >= MAX_ASKS) throw err;
      if (key !== undefined) forgetAccessKey();
      const problem: KeyProblem =
        key === undefined ? { kind: "needed" } : { kind: "refused", message: (err as Error).message };
      key = (await ask(problem))?.trim() || undefined;
      // Cancelled: the refusal stands, and the page says that codes here need a key.
      if (key === undefined) throw err;
    }
  }
}

function isUnauthorized(err: unknown): boolean {
  return typeof err === "object" && err !== null && (err as { code?: unknown }).code === ErrorCode.UNAUTHORIZED;
}
