// Reclaim tokens (docs/PROTOCOL.md join_room `token`) kept per tab in sessionStorage, keyed by role and code, so a
// reload of the same tab gets its slot back while a second tab stays a separate member.
import type { Role, RoomCode } from "../../../signaling/protocol.js";

const key = (role: Role, code: RoomCode) => `codecam:token:${role}:${code}`;

export function loadToken(role: Role, code: RoomCode): string | undefined {
  try {
    return sessionStorage.getItem(key(role, code)) ?? undefined;
  } catch {
    return undefined; // storage disabled (private mode in some browsers): rejoin still works within the page's life
  }
}

export function saveToken(role: Role, code: RoomCode, token: string): void {
  try {
    sessionStorage.setItem(key(role, code), token);
  } catch {
    // see loadToken
  }
}

export function forgetToken(role: Role, code: RoomCode): void {
  try {
    sessionStorage.removeItem(key(role, code));
  } catch {
    // see loadToken
  }
}
