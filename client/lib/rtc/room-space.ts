// Room space for the QR laptop (design of issue 16, "Room space"): viewers nobody verified must not lock out
// the laptop the holder scanned. Pure, so the choice is unit-tested without a room.

/** A viewer that joined this recently and has not answered yet may be the QR laptop itself, still connecting. */
export const ANSWER_GRACE_MS = 10_000;

export interface RoomViewer {
  id: string;
  /** When the camera first saw it in the room (ms). */
  joinedAt: number;
  verified: boolean;
  /** The certificate its answer named, once it answered. */
  fingerprint: string | undefined;
}

/**
 * The viewer to take out of the room so the QR laptop (`qr`) finds a slot, or undefined when none must go: the
 * room is not full, or the QR laptop is in it. The oldest unverified viewer goes first; one that has not
 * answered yet only after ANSWER_GRACE_MS, since it may be the QR laptop still connecting.
 */
export function viewerToDrop(
  viewers: readonly RoomViewer[],
  qr: string,
  maxViewers: number,
  now: number,
): string | undefined {
  if (viewers.length < maxViewers) return undefined;
  if (viewers.some((v) => v.fingerprint === qr)) return undefined;
  const candidates = viewers
    .filter((v) => !v.verified && (v.fingerprint !== undefined || now - v.joinedAt >= ANSWER_GRACE_MS))
    .sort((a, b) => a.joinedAt - b.joinedAt);
  return candidates[0]?.id;
}

/** When to look again: the moment the youngest unanswered viewer's grace ends, if the room stays full. */
export function nextRoomCheck(viewers: readonly RoomViewer[], now: number): number | undefined {
  const waits = viewers
    .filter((v) => !v.verified && v.fingerprint === undefined && now - v.joinedAt < ANSWER_GRACE_MS)
    .map((v) => v.joinedAt + ANSWER_GRACE_MS - now);
  return waits.length > 0 ? Math.min(...waits) : undefined;
}

/**
 * What the camera does about room space now: drop a viewer (viewerToDrop), or, when the room is full of viewers
 * still in their grace, look again in `recheckInMs`.
 */
export function roomCheck(
  viewers: readonly RoomViewer[],
  qr: string,
  maxViewers: number,
  now: number,
): { drop: string | undefined; recheckInMs: number | undefined } {
  const drop = viewerToDrop(viewers, qr, maxViewers, now);
  const wait = !drop && viewers.length >= maxViewers ? nextRoomCheck(viewers, now) : undefined;
  return { drop, recheckInMs: wait === undefined ? undefined : wait + 50 };
}
