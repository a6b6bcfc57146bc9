// The clean view (?clean=1, an OBS Browser Source): what lands in the stream's output. Nothing but the picture,
// or one short centred line on black saying why there is none; never the start page, the QR or a notice.
import { spaced } from "../lib/messages.js";
import { problemText } from "../lib/room/pairing.js";
import type { ViewerState } from "./state.js";

/** A text over the stage; `words`: the words to compare, while the phone is asked about this laptop. */
export interface StageOverlay {
  title: string;
  body: string;
  spinner: boolean;
  words?: string;
}

export interface CleanStage {
  state: "live" | "waiting";
  overlay: StageOverlay | undefined;
  liveBadge: boolean;
}

/**
 * The clean view's stage. `statusLine`: the status line's words for this state (the header that shows them is
 * hidden here); `question`: the words to compare while the phone is asked, shown since pairing cannot go on
 * without them. A picture stays as it is, frozen or not: a dimmed or captioned frame would be broadcast.
 */
export function cleanStage(
  state: ViewerState,
  now: number,
  statusLine: string,
  question: StageOverlay | undefined,
): CleanStage {
  if (question) return { state: "waiting", overlay: { ...question, spinner: false }, liveBadge: false };
  if (state.picture && state.link !== "idle") return { state: "live", overlay: undefined, liveBadge: false };
  const title = cleanLine(state, now) ?? statusLine;
  return { state: "waiting", overlay: { title, body: "", spinner: false }, liveBadge: false };
}

/** The line where the page is in no room, so the status line would speak of the start page. */
function cleanLine(state: ViewerState, now: number): string | undefined {
  const { notice } = state;
  if (notice) {
    const ctx = { role: "viewer" as const, maxViewers: state.config.maxViewers };
    const body = "body" in notice ? notice.body : problemText(notice.problem, ctx, now);
    // The first sentence says what happened; the advice after it is for a person at the start page.
    return `${notice.title}. ${/^.*?[.:](?=\s|$)/.exec(body)?.[0]?.replace(/:$/, ".") ?? body}`;
  }
  if (state.code || state.roomLost) return undefined;
  if (state.joining) return `Joining ${spaced(state.joining)}…`;
  if (state.connection === "offline") return "Can't reach the codecam server. Reconnecting…";
  return "No code: open this view as /viewer?code=NNNNNN&clean=1";
}
