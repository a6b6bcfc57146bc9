// present(state, now): what the diagnostic page shows, computed from its state alone. Pure; render.ts applies it.
import type { Role } from "../../signaling/protocol.js";
import { plural } from "../lib/messages.js";
import { formatMs } from "./describe.js";
import type { CheckGroup, CheckStatus, ConnectionState, Membership, SocketTestState } from "./state.js";

export type Tone = "idle" | "busy" | "ok" | "warn" | "error";

export interface SocketTestView {
  connection: { label: string; tone: Tone; state: ConnectionState };
  socketId: string;
  transport: string;
  duration: string;
  roundTrip: string;
  messagesIn: string;
  messagesOut: string;
  room: { label: string; tone: Tone };
  /** Which controls can be used now (the rest are disabled). */
  enabled: {
    connect: boolean;
    disconnect: boolean;
    transportChoice: boolean;
    ping: boolean;
    join: boolean;
    leave: boolean;
    sendOffer: boolean;
    runChecks: boolean;
  };
  /** The checks under their group's title, groups in the order their first check runs. */
  checkGroups: Array<{ title: string; checks: CheckView[] }>;
  checksSummary: string;
}

export interface CheckView {
  name: string;
  status: CheckStatus;
  label: string;
  detail: string;
}

/** What the connection panel shows where there is no value. */
export const EMPTY = "—";

const CONNECTION: Record<ConnectionState, { label: string; tone: Tone }> = {
  disconnected: { label: "Disconnected", tone: "idle" },
  connecting: { label: "Connecting…", tone: "busy" },
  connected: { label: "Connected", tone: "ok" },
  reconnecting: { label: "Reconnecting…", tone: "warn" },
};

const CHECK_LABEL: Record<CheckStatus, string> = {
  pending: "Not run",
  running: "Running…",
  passed: "Passed",
  failed: "Failed",
  skipped: "Skipped",
};

const GROUP_TITLE: Record<CheckGroup, string> = {
  server: "Signaling server",
  device: "This device",
  path: "Between the two devices",
};

export function present(s: SocketTestState, now: number): SocketTestView {
  const connection = CONNECTION[s.connection];
  const isConnected = s.connection === "connected";
  const label =
    s.connection === "reconnecting" && s.reconnectAttempt > 0
      ? `${connection.label} (attempt ${s.reconnectAttempt})`
      : connection.label;
  return {
    connection: { label, tone: connection.tone, state: s.connection },
    socketId: s.socketId ?? EMPTY,
    transport: describeTransport(s.transport),
    duration: s.connectedAt === undefined ? EMPTY : formatDuration(now - s.connectedAt),
    roundTrip: s.roundTripMs === undefined ? EMPTY : formatMs(s.roundTripMs),
    messagesIn: String(s.messagesIn),
    messagesOut: String(s.messagesOut),
    room: s.room
      ? { label: `In ${s.room.code} as ${s.room.role} · ${describePeers(s.room.peers)}`, tone: "ok" }
      : { label: "Not in a room", tone: "idle" },
    enabled: {
      connect: s.connection === "disconnected",
      disconnect: s.connection !== "disconnected",
      transportChoice: s.connection === "disconnected",
      ping: isConnected,
      join: isConnected,
      leave: isConnected && s.room !== undefined,
      sendOffer: isConnected,
      runChecks: !s.checksRunning,
    },
    checkGroups: groupChecks(s.checks),
    checksSummary: summarizeChecks(s),
  };
}

function describeTransport(t: SocketTestState["transport"]): string {
  if (!t) return EMPTY;
  return t.current === t.startedOn ? t.current : `${t.current} (upgraded from ${t.startedOn})`;
}

function describePeers(peers: Membership["peers"]): string {
  if (peers.size === 0) return "alone";
  const roles: Role[] = [...peers.values()];
  const cameras = roles.filter((role) => role === "camera").length;
  const viewers = roles.length - cameras;
  const parts: string[] = [];
  if (cameras > 0) parts.push(cameras === 1 ? "1 camera" : `${cameras} cameras`);
  if (viewers > 0) parts.push(viewers === 1 ? "1 viewer" : `${viewers} viewers`);
  return `with ${parts.join(" and ")}`;
}

function groupChecks(checks: SocketTestState["checks"]): SocketTestView["checkGroups"] {
  const groups = new Map<CheckGroup, CheckView[]>();
  for (const c of checks) {
    const list = groups.get(c.group) ?? [];
    list.push({ name: c.name, status: c.status, label: CHECK_LABEL[c.status], detail: c.detail });
    groups.set(c.group, list);
  }
  return [...groups].map(([group, list]) => ({ title: GROUP_TITLE[group], checks: list }));
}

function summarizeChecks(s: SocketTestState): string {
  if (s.checksRunning) return "Running the checks…";
  const count = (status: CheckStatus) => s.checks.filter((c) => c.status === status).length;
  const [failed, passed, skipped] = [count("failed"), count("passed"), count("skipped")];
  if (failed > 0) return `${failed} of ${s.checks.length} checks failed`;
  if (passed > 0 && passed + skipped === s.checks.length) {
    return skipped === 0 ? `All ${passed} checks passed` : `${plural(passed, "check")} passed, ${skipped} skipped`;
  }
  return "The server checks use connections of their own; the path check uses the room joined above.";
}

/** `0:07`, `12:34`, `1:02:03`: a clock-style duration, whole seconds. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, "0");
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, "0")}:${seconds}` : `${minutes}:${seconds}`;
}
