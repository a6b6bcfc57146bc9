// The pairing steps the camera and the viewer share: make a code, turn a failed create or join into page
// state, say goodbye before leaving, the links and addresses people type or scan, and the page URL's code.
import { ErrorCode, isRoomCode, type RoomCode } from "../../../signaling/protocol.js";
import { generateCode, ServerRefusal } from "../api.js";
import { rateLimitText, refusalText, unreachableText, type RefusalContext } from "../messages.js";
import { fingerprintToUrl } from "../trust/fingerprint.js";
import { askForAccessKey } from "../ui/access-prompt.js";
import { generateWithAccessKey } from "./access-key.js";

/** What went wrong with a create or a join, as page state; problemText() turns it into words at render time. */
export type PairingProblem =
  /** The server refused; a RATE_LIMITED refusal says until when (a clock time, so the countdown stays right). */
  | { kind: "refused"; code: ErrorCode; retryAt?: number; prefix?: string }
  /** No answer from the server at all. */
  | { kind: "unreachable" }
  /** Enter with fewer than six digits typed. */
  | { kind: "incomplete"; digits: number };

export function toProblem(err: unknown, now: number, prefix?: string): PairingProblem {
  if (!(err instanceof ServerRefusal)) return { kind: "unreachable" };
  return {
    kind: "refused",
    code: err.code,
    ...(err.retryAfterMs !== undefined ? { retryAt: now + err.retryAfterMs } : {}),
    ...(prefix ? { prefix } : {}),
  };
}

/** The one sentence for a problem; a rate limit counts down to `now`. */
export function problemText(problem: PairingProblem, ctx: RefusalContext, now: number): string {
  switch (problem.kind) {
    case "unreachable":
      return unreachableText();
    case "incomplete":
      return `A code is six digits; ${problem.digits === 0 ? "none are" : `only ${problem.digits} ${problem.digits === 1 ? "is" : "are"}`} filled in.`;
    case "refused": {
      const text =
        problem.code === ErrorCode.RATE_LIMITED
          ? rateLimitText(Math.max(0, Math.ceil(((problem.retryAt ?? now + 60_000) - now) / 1_000)))
          : refusalText(problem.code, ctx);
      return problem.prefix ? `${problem.prefix} ${text}` : text;
    }
  }
}

/** A rate-limit problem still counting down: the page re-renders once a second until then. */
export function problemTicking(problem: PairingProblem | undefined, now: number): boolean {
  return problem?.kind === "refused" && problem.retryAt !== undefined && problem.retryAt > now;
}

/**
 * POST /api/code/generate: the new code. On a server with access control, asks for the access key the first
 * time (access-key.ts). Throws ServerRefusal (UNAUTHORIZED when the user cancels the key prompt) or a network error.
 */
export async function createCode(): Promise<RoomCode> {
  return (await generateWithAccessKey(generateCode, askForAccessKey)).code;
}

/**
 * Sends a goodbye over the peer connections and gives it a moment on the wire before the caller closes them:
 * closing at once can drop it. `send` returns how many links took it.
 */
export async function sayGoodbye(send: () => number): Promise<void> {
  if (send() > 0) await new Promise((resolve) => setTimeout(resolve, 150));
}

/** "https://192.0.2.2:5443": the origin without a trailing slash. */
function origin(shareOrigin: string): string {
  return shareOrigin.replace(/\/$/, "");
}

/**
 * The viewer address the phone tells people to type, scheme included: typed without it, a browser tries
 * http:// on the HTTPS port and gets an empty reply.
 */
export function viewerAddress(shareOrigin: string): string {
  return `${origin(shareOrigin)}/viewer`;
}

/**
 * The link in the viewer's QR code and share box. No autostart: the camera page opens ready, with the code
 * filled in, and one tap on "Start camera" starts it (docs/PROTOCOL.md "Page URLs"; autostart=1 is for automation).
 * `laptop`, this laptop's certificate fingerprint, goes in the fragment as `#v=`: browsers never send a
 * fragment to a server, and the camera page takes it out of the address bar as soon as it has read it.
 */
export function cameraLink(shareOrigin: string, code: RoomCode, laptop?: string): string {
  return `${origin(shareOrigin)}/camera?code=${code}${laptop ? `#v=${fingerprintToUrl(laptop)}` : ""}`;
}

/** What the page's URL asks for (docs/PROTOCOL.md "Page URLs"). */
export interface PageParams {
  code: RoomCode | undefined;
  /** A `code` that is not six digits. */
  badCode: boolean;
  autostart: boolean;
  clean: boolean;
}

export function readPageParams(search: string): PageParams {
  const params = new URLSearchParams(search);
  const raw = params.get("code") ?? "";
  return {
    code: isRoomCode(raw) ? raw : undefined,
    badCode: raw !== "" && !isRoomCode(raw),
    autostart: params.get("autostart") === "1",
    clean: params.get("clean") === "1",
  };
}
