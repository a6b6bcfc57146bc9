// /socket-test: wiring only. Socket and button events change the state (state.ts), present() says what to show,
// render() shows it; every event in and out also goes to the event log.
import { io } from "socket.io-client";
import type { JoinRoomReply, LeaveRoomReply, Pong, Role, SignalReply } from "../../signaling/protocol.js";
import { connectSignaling } from "../lib/room/signaling.js";
import { emitWithAck } from "./ack.js";
import { HttpRequestError, requestCode } from "./api.js";
import { createChecks, runChecks } from "./checks.js";
import {
  describeIncoming,
  describeOutgoing,
  describeReply,
  formatMs,
  isIncomingEvent,
  isOutgoingEvent,
  type OutgoingEvent,
} from "./describe.js";
import { createEventLog, EVENT_LOG_LIMIT, type LogEntry } from "./event-log.js";
import { buildTestOffer } from "./fake-offer.js";
import { present } from "./present.js";
import { findElements, render } from "./render.js";
import * as S from "./state.js";

/** How long an action waits for the server's ack before it is logged as unanswered. */
const ACK_TIMEOUT_MS = 5_000;
/** How often the "connected for" clock moves on. */
const DURATION_TICK_MS = 250;

/** Transport orders the page offers; the app itself uses the first (see lib/signaling.ts). */
const TRANSPORT_CHOICES: Record<string, Array<"websocket" | "polling">> = {
  "websocket-first": ["websocket", "polling"],
  "polling-upgrade": ["polling", "websocket"],
  "polling-only": ["polling"],
};

/** `?keep=N` keeps the last N log lines instead of EVENT_LOG_LIMIT (1 to 10,000). */
function readLogLimit(): number {
  const keep = Number(new URLSearchParams(location.search).get("keep"));
  return Number.isInteger(keep) && keep >= 1 && keep <= 10_000 ? keep : EVENT_LOG_LIMIT;
}

const el = findElements();
const socket = connectSignaling({ autoConnect: false });
const log = createEventLog(el.eventLog, readLogLimit());
const suite = createChecks({
  // Connections of their own, so the checks never disturb the panels above.
  connect: () => io({ transports: ["websocket", "polling"], reconnection: false, forceNew: true }),
  requestCode: async () => (await requestCode()).body,
  timeoutMs: ACK_TIMEOUT_MS,
});
let state = S.initialState(suite.checks.map((c) => c.name));
let ticker: ReturnType<typeof setInterval> | undefined;

function update(change: (s: S.SocketTestState) => S.SocketTestState): void {
  state = change(state);
  render(el, present(state, performance.now()));
  if (state.connectedAt !== undefined && ticker === undefined) {
    ticker = setInterval(() => render(el, present(state, performance.now())), DURATION_TICK_MS);
  } else if (state.connectedAt === undefined && ticker !== undefined) {
    clearInterval(ticker);
    ticker = undefined;
  }
}

// ---- the log: every event in and out, plus the connection's lifecycle ----

function renderLogCount(): void {
  const { size, total } = log;
  if (total === 0) el.logCount.textContent = "";
  else if (total > size) el.logCount.textContent = `last ${size} of ${total} · newest first`;
  else el.logCount.textContent = `${total} ${total === 1 ? "event" : "events"} · newest first`;
}

function addLog(entry: LogEntry): void {
  log.add(entry);
  renderLogCount();
}

socket.onAny((event: string, ...args: unknown[]) => {
  update(S.countedIn);
  const payload = args[0];
  if (isIncomingEvent(event)) {
    addLog({ direction: "in", event, payload, ...describeIncoming(event, payload) });
  } else {
    addLog({ direction: "in", event, payload: args, summary: "event not in the protocol", tone: "error" });
  }
});

socket.onAnyOutgoing((event: string, ...args: unknown[]) => {
  update(S.countedOut);
  const payload = args[0];
  const description = isOutgoingEvent(event)
    ? describeOutgoing(event, payload)
    : { summary: "event not in the protocol", tone: "error" as const };
  addLog({ direction: "out", event, payload, ...description });
});

function logReply(event: OutgoingEvent, reply: unknown, roundTripMs: number): void {
  update(S.countedIn);
  addLog({ direction: "reply", event, payload: reply, ...describeReply(event, reply, roundTripMs) });
}

function logFailure(event: string, err: unknown, prefix = ""): void {
  let reason = err instanceof Error ? err.message : String(err);
  if (err instanceof HttpRequestError) reason = `${err.status} ${reason}`;
  addLog({ direction: "info", event, summary: prefix + reason, tone: "error" });
}

// ---- connection lifecycle ----

socket.io.on("open", () => {
  const engine = socket.io.engine;
  update((s) => S.transportOpened(s, engine.transport.name));
  addLog({ direction: "info", event: "open", summary: `transport opened over ${engine.transport.name}` });
  engine.on("upgrade", (upgraded) => {
    const from = state.transport?.startedOn ?? "?";
    update((s) => S.transportUpgraded(s, upgraded.name));
    addLog({
      direction: "info",
      event: "upgrade",
      summary: `transport upgraded ${from} → ${upgraded.name}`,
      tone: "success",
    });
  });
  engine.on("upgradeError", (err) => {
    const summary = `upgrade failed, staying on ${engine.transport.name}: ${err.message}`;
    addLog({ direction: "info", event: "upgradeError", summary, tone: "error" });
  });
});

socket.io.on("reconnect_attempt", (attempt) => {
  update((s) => S.reconnecting(s, attempt));
  addLog({ direction: "info", event: "reconnect_attempt", summary: `attempt ${attempt}` });
});

socket.io.on("reconnect", (attempt) => {
  const summary = `reconnected after ${attempt} attempt${attempt === 1 ? "" : "s"}`;
  addLog({ direction: "info", event: "reconnect", summary, tone: "success" });
});

socket.on("connect", () => {
  update((s) => S.connected(s, socket.id ?? "?", performance.now()));
  const summary = `connected as ${socket.id} over ${state.transport?.current ?? "?"}`;
  addLog({ direction: "info", event: "connect", summary, tone: "success" });
});

socket.on("disconnect", (reason) => {
  const willReconnect = reason !== "io client disconnect" && reason !== "io server disconnect";
  update((s) => S.disconnected(s, willReconnect));
  const tone = reason === "io client disconnect" ? "neutral" : "error";
  addLog({ direction: "info", event: "disconnect", summary: willReconnect ? `${reason}, reconnecting` : reason, tone });
});

socket.on("connect_error", (err) => {
  const willRetry = socket.active;
  if (!willRetry) update((s) => S.disconnected(s, false));
  const summary = willRetry ? `${err.message}, retrying` : err.message;
  addLog({ direction: "info", event: "connect_error", summary, tone: "error" });
});

// Room state follows what the server pushes to the others in the room.
socket.on("peer_joined", (peer) => update((s) => S.peerJoined(s, peer)));
socket.on("peer_left", (peer) => update((s) => S.peerLeft(s, peer)));

// ---- actions ----

function connect(): void {
  const transports = TRANSPORT_CHOICES[el.transportChoice.value] ?? ["websocket", "polling"];
  // The manager reads its options on every (re)connect.
  socket.io.opts.transports = transports;
  update(S.connecting);
  addLog({ direction: "info", event: "connecting", summary: `transports tried in order: ${transports.join(", ")}` });
  socket.connect();
}

function disconnect(): void {
  const wasConnected = socket.connected;
  socket.disconnect();
  if (!wasConnected) {
    // No `disconnect` event when the socket never got up: stop the attempts and say so here.
    update((s) => S.disconnected(s, false));
    addLog({ direction: "info", event: "disconnect", summary: "stopped connecting" });
  }
}

async function sendPing(): Promise<void> {
  try {
    const { reply, roundTripMs } = await emitWithAck<Pong>("ping", (ack) => socket.emit("ping", ack), ACK_TIMEOUT_MS);
    update((s) => S.roundTrip(s, roundTripMs));
    logReply("ping", reply, roundTripMs);
  } catch (err) {
    logFailure("ping", err);
  }
}

async function generateCode(): Promise<void> {
  el.generate.disabled = true;
  try {
    const { body, status, roundTripMs } = await requestCode();
    el.code.value = body.code;
    const expires = new Date(body.expiresAt).toLocaleTimeString();
    addLog({
      direction: "info",
      event: "http",
      summary: `POST /api/code/generate → ${status}: code ${body.code}, joinable until ${expires} (${formatMs(roundTripMs)})`,
      tone: "success",
      payload: body,
    });
  } catch (err) {
    logFailure("http", err, "POST /api/code/generate → ");
  } finally {
    el.generate.disabled = false;
  }
}

function selectedRole(): Role {
  const checked = el.roomForm.querySelector<HTMLInputElement>('input[name="role"]:checked');
  return checked?.value === "viewer" ? "viewer" : "camera";
}

async function joinRoom(): Promise<void> {
  // The code goes to the server as typed: showing how it answers a bad one is part of the test.
  const request = { code: el.code.value.trim(), type: selectedRole() };
  try {
    const { reply, roundTripMs } = await emitWithAck<JoinRoomReply>(
      "join_room",
      (ack) => socket.emit("join_room", request, ack),
      ACK_TIMEOUT_MS,
    );
    logReply("join_room", reply, roundTripMs);
    if (reply.ok) update((s) => S.joined(s, reply));
  } catch (err) {
    logFailure("join_room", err);
  }
}

async function leaveRoom(): Promise<void> {
  const current = state.room;
  if (!current) return;
  try {
    const { reply, roundTripMs } = await emitWithAck<LeaveRoomReply>(
      "leave_room",
      (ack) => socket.emit("leave_room", { code: current.code }, ack),
      ACK_TIMEOUT_MS,
    );
    logReply("leave_room", reply, roundTripMs);
    if (reply.ok) update(S.left);
  } catch (err) {
    logFailure("leave_room", err);
  }
}

async function sendTestOffer(): Promise<void> {
  // Outside a room the server answers NOT_IN_ROOM, which is worth seeing too.
  const roomCode = state.room?.code ?? el.code.value.trim();
  const message = { room_code: roomCode, offer: buildTestOffer() };
  try {
    const { reply, roundTripMs } = await emitWithAck<SignalReply>(
      "offer",
      (ack) => socket.emit("offer", message, ack),
      ACK_TIMEOUT_MS,
    );
    logReply("offer", reply, roundTripMs);
  } catch (err) {
    logFailure("offer", err);
  }
}

async function runAllChecks(): Promise<void> {
  update(S.checksStarted);
  addLog({ direction: "info", event: "checks", summary: `running ${suite.checks.length} checks` });
  try {
    const passed = await runChecks(
      suite.checks,
      (line) => addLog({ direction: "info", event: "check", summary: line }),
      (name, status, detail) => update((s) => S.checkUpdated(s, name, status, detail)),
    );
    const tone = passed === suite.checks.length ? "success" : "error";
    addLog({ direction: "info", event: "checks", summary: `${passed} of ${suite.checks.length} passed`, tone });
  } finally {
    suite.close();
    update(S.checksFinished);
  }
}

function prefillFromQuery(): void {
  const params = new URLSearchParams(location.search);
  const code = params.get("code");
  if (code) el.code.value = code;
  const value = params.get("role") === "viewer" ? "viewer" : "camera";
  const radio = el.roomForm.querySelector<HTMLInputElement>(`input[name="role"][value="${value}"]`);
  if (radio) radio.checked = true;
}

el.connect.addEventListener("click", connect);
el.disconnect.addEventListener("click", disconnect);
el.ping.addEventListener("click", () => void sendPing());
el.generate.addEventListener("click", () => void generateCode());
el.roomForm.addEventListener("submit", (event) => {
  event.preventDefault();
  if (!el.join.disabled) void joinRoom();
});
el.leave.addEventListener("click", () => void leaveRoom());
el.sendOffer.addEventListener("click", () => void sendTestOffer());
el.runChecks.addEventListener("click", () => void runAllChecks());
el.clearLog.addEventListener("click", () => {
  log.clear();
  renderLogCount();
});

prefillFromQuery();
update((s) => s);
renderLogCount();
