// /socket-test: wires the diagnostic page's buttons to one signaling socket and logs every event in and out.
import type {
  JoinRoomReply,
  LeaveRoomReply,
  Pong,
  Role,
  SignalReply,
} from "../signaling/protocol.js";
import { connectSignaling } from "./lib/room/signaling.js";
import { emitWithAck } from "./socket-test.ack.js";
import { HttpRequestError, requestCode } from "./socket-test.api.js";
import {
  describeIncoming,
  describeOutgoing,
  describeReply,
  formatMs,
  isIncomingEvent,
  isOutgoingEvent,
  type OutgoingEvent,
} from "./socket-test.describe.js";
import { createEventLog, EVENT_LOG_LIMIT } from "./socket-test.event-log.js";
import { buildTestOffer } from "./socket-test.fake-offer.js";
import { RoomState } from "./socket-test.room.js";
import { ConnectionStats } from "./socket-test.stats.js";

/** How long an action waits for the server's ack before it is logged as unanswered. */
const ACK_TIMEOUT_MS = 5_000;

/** Transport orders the page offers; the app itself uses the first (see lib/signaling.ts). */
const TRANSPORT_CHOICES: Record<string, string[]> = {
  "websocket-first": ["websocket", "polling"],
  "polling-upgrade": ["polling", "websocket"],
  "polling-only": ["polling"],
};

/** `?keep=N` keeps the last N log lines instead of EVENT_LOG_LIMIT (1 to 10,000). */
function readLogLimit(): number {
  const keep = Number(new URLSearchParams(location.search).get("keep"));
  return Number.isInteger(keep) && keep >= 1 && keep <= 10_000 ? keep : EVENT_LOG_LIMIT;
}

function byId<T extends HTMLElement>(id: string, type: { new (): T }): T {
  const el = document.getElementById(id);
  if (!(el instanceof type)) throw new Error(`socket-test.html lacks #${id} as ${type.name}`);
  return el;
}

const ui = {
  connect: byId("connect", HTMLButtonElement),
  disconnect: byId("disconnect", HTMLButtonElement),
  ping: byId("ping", HTMLButtonElement),
  transportChoice: byId("transport-choice", HTMLSelectElement),
  roomForm: byId("room-form", HTMLFormElement),
  code: byId("code", HTMLInputElement),
  generate: byId("generate", HTMLButtonElement),
  join: byId("join", HTMLButtonElement),
  leave: byId("leave", HTMLButtonElement),
  sendOffer: byId("send-offer", HTMLButtonElement),
  clearLog: byId("clear-log", HTMLButtonElement),
  logCount: byId("log-count", HTMLElement),
};

const socket = connectSignaling({ autoConnect: false });
const log = createEventLog(byId("event-log", HTMLOListElement), readLogLimit());
const stats = new ConnectionStats({
  state: byId("connection-state", HTMLElement),
  socketId: byId("socket-id", HTMLElement),
  transport: byId("transport", HTMLElement),
  duration: byId("duration", HTMLElement),
  messagesIn: byId("messages-in", HTMLElement),
  messagesOut: byId("messages-out", HTMLElement),
  roundTrip: byId("round-trip", HTMLElement),
});
const room = new RoomState(byId("room-state", HTMLElement));

// ---- the log: every event in and out, plus the connection's lifecycle ----

function renderLogCount(): void {
  const { size, total } = log;
  if (total === 0) ui.logCount.textContent = "";
  else if (total > size) ui.logCount.textContent = `last ${size} of ${total} · newest first`;
  else ui.logCount.textContent = `${total} ${total === 1 ? "event" : "events"} · newest first`;
}

function addLog(entry: Parameters<typeof log.add>[0]): void {
  log.add(entry);
  renderLogCount();
}

socket.onAny((event: string, ...args: unknown[]) => {
  stats.countIn();
  const payload = args[0];
  if (isIncomingEvent(event)) {
    addLog({ direction: "in", event, payload, ...describeIncoming(event, payload) });
  } else {
    addLog({ direction: "in", event, payload: args, summary: "event not in the protocol", tone: "error" });
  }
});

socket.onAnyOutgoing((event: string, ...args: unknown[]) => {
  stats.countOut();
  const payload = args[0];
  const description = isOutgoingEvent(event)
    ? describeOutgoing(event, payload)
    : { summary: "event not in the protocol", tone: "error" as const };
  addLog({ direction: "out", event, payload, ...description });
});

function logReply(event: OutgoingEvent, reply: unknown, roundTripMs: number): void {
  stats.countIn();
  addLog({ direction: "reply", event, payload: reply, ...describeReply(event, reply, roundTripMs) });
}

function logFailure(event: string, err: unknown, prefix = ""): void {
  let reason = err instanceof Error ? err.message : String(err);
  if (err instanceof HttpRequestError) reason = `${err.status} ${reason}`;
  addLog({ direction: "info", event, summary: prefix + reason, tone: "error" });
}

// ---- connection lifecycle ----

/** The transport the current engine connection started on and the one it uses now (they differ after an upgrade). */
const transport = { startedOn: "", current: "" };

socket.io.on("open", () => {
  const engine = socket.io.engine;
  transport.startedOn = transport.current = engine.transport.name;
  addLog({ direction: "info", event: "open", summary: `transport opened over ${engine.transport.name}` });
  engine.on("upgrade", (upgraded) => {
    transport.current = upgraded.name;
    // Before the socket's own `connect`, the connect handler shows the upgrade instead.
    if (socket.connected) stats.upgraded(transport.startedOn, transport.current);
    const summary = `transport upgraded ${transport.startedOn} → ${transport.current}`;
    addLog({ direction: "info", event: "upgrade", summary, tone: "success" });
  });
  engine.on("upgradeError", (err) => {
    const summary = `upgrade failed, staying on ${engine.transport.name}: ${err.message}`;
    addLog({ direction: "info", event: "upgradeError", summary, tone: "error" });
  });
});

socket.io.on("reconnect_attempt", (attempt) => {
  stats.setState("reconnecting", `(attempt ${attempt})`);
  addLog({ direction: "info", event: "reconnect_attempt", summary: `attempt ${attempt}` });
  renderControls();
});

socket.io.on("reconnect", (attempt) => {
  const summary = `reconnected after ${attempt} attempt${attempt === 1 ? "" : "s"}`;
  addLog({ direction: "info", event: "reconnect", summary, tone: "success" });
});

socket.on("connect", () => {
  stats.connected(socket.id ?? "?", transport.current);
  if (transport.current !== transport.startedOn) stats.upgraded(transport.startedOn, transport.current);
  const summary = `connected as ${socket.id} over ${transport.current}`;
  addLog({ direction: "info", event: "connect", summary, tone: "success" });
  renderControls();
});

socket.on("disconnect", (reason) => {
  // The server drops a disconnected socket from its room; a reconnect gets a new id and no room.
  room.left();
  const willReconnect = reason !== "io client disconnect" && reason !== "io server disconnect";
  stats.disconnected(willReconnect ? "reconnecting" : "disconnected");
  const tone = reason === "io client disconnect" ? "neutral" : "error";
  addLog({ direction: "info", event: "disconnect", summary: willReconnect ? `${reason}, reconnecting` : reason, tone });
  renderControls();
});

socket.on("connect_error", (err) => {
  const willRetry = socket.active;
  if (!willRetry) stats.disconnected();
  const summary = willRetry ? `${err.message}, retrying` : err.message;
  addLog({ direction: "info", event: "connect_error", summary, tone: "error" });
  renderControls();
});

// Room state follows what the server pushes to the others in the room.
socket.on("peer_joined", (peer) => room.peerJoined(peer));
socket.on("peer_left", (peer) => room.peerLeft(peer));

// ---- actions ----

function connect(): void {
  const transports = TRANSPORT_CHOICES[ui.transportChoice.value] ?? TRANSPORT_CHOICES["websocket-first"] ?? ["websocket", "polling"];
  // connectSignaling() takes no transport option; the manager reads its options on every (re)connect.
  socket.io.opts.transports = transports;
  stats.setState("connecting");
  addLog({ direction: "info", event: "connecting", summary: `transports tried in order: ${transports?.join(", ")}` });
  socket.connect();
  renderControls();
}

function disconnect(): void {
  const wasConnected = socket.connected;
  socket.disconnect();
  if (!wasConnected) {
    // No `disconnect` event when the socket never got up: stop the attempts and say so here.
    stats.disconnected();
    addLog({ direction: "info", event: "disconnect", summary: "stopped connecting" });
  }
  renderControls();
}

async function sendPing(): Promise<void> {
  try {
    const { reply, roundTripMs } = await emitWithAck<Pong>("ping", (ack) => socket.emit("ping", ack), ACK_TIMEOUT_MS);
    stats.roundTrip(roundTripMs);
    logReply("ping", reply, roundTripMs);
  } catch (err) {
    logFailure("ping", err);
  }
}

async function generateCode(): Promise<void> {
  ui.generate.disabled = true;
  try {
    const { body, status, roundTripMs } = await requestCode();
    ui.code.value = body.code;
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
    ui.generate.disabled = false;
  }
}

function selectedRole(): Role {
  const checked = ui.roomForm.querySelector<HTMLInputElement>('input[name="role"]:checked');
  return checked?.value === "viewer" ? "viewer" : "camera";
}

async function joinRoom(): Promise<void> {
  // The code goes to the server as typed: showing how it answers a bad one is part of the test.
  const request = { code: ui.code.value.trim(), type: selectedRole() };
  try {
    const { reply, roundTripMs } = await emitWithAck<JoinRoomReply>(
      "join_room",
      (ack) => socket.emit("join_room", request, ack),
      ACK_TIMEOUT_MS,
    );
    logReply("join_room", reply, roundTripMs);
    if (reply.ok) room.joined(reply);
  } catch (err) {
    logFailure("join_room", err);
  }
  renderControls();
}

async function leaveRoom(): Promise<void> {
  const current = room.current;
  if (!current) return;
  try {
    const { reply, roundTripMs } = await emitWithAck<LeaveRoomReply>(
      "leave_room",
      (ack) => socket.emit("leave_room", { code: current.code }, ack),
      ACK_TIMEOUT_MS,
    );
    logReply("leave_room", reply, roundTripMs);
    if (reply.ok) room.left();
  } catch (err) {
    logFailure("leave_room", err);
  }
  renderControls();
}

async function sendTestOffer(): Promise<void> {
  // Outside a room the server answers NOT_IN_ROOM, which is worth seeing too.
  const roomCode = room.current?.code ?? ui.code.value.trim();
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

function renderControls(): void {
  const state = stats.state;
  const connected = state === "connected";
  ui.connect.disabled = state !== "disconnected";
  ui.disconnect.disabled = state === "disconnected";
  ui.transportChoice.disabled = state !== "disconnected";
  ui.ping.disabled = !connected;
  ui.join.disabled = !connected;
  ui.sendOffer.disabled = !connected;
  ui.leave.disabled = !connected || room.current === undefined;
}

function prefillFromQuery(): void {
  const params = new URLSearchParams(location.search);
  const code = params.get("code");
  if (code) ui.code.value = code;
  const role = params.get("role");
  const value = role === "viewer" ? "viewer" : "camera";
  const radio = ui.roomForm.querySelector<HTMLInputElement>(`input[name="role"][value="${value}"]`);
  if (radio) radio.checked = true;
}

ui.connect.addEventListener("click", connect);
ui.disconnect.addEventListener("click", disconnect);
ui.ping.addEventListener("click", () => void sendPing());
ui.generate.addEventListener("click", () => void generateCode());
ui.roomForm.addEventListener("submit", (event) => {
  event.preventDefault();
  if (!ui.join.disabled) void joinRoom();
});
ui.leave.addEventListener("click", () => void leaveRoom());
ui.sendOffer.addEventListener("click", () => void sendTestOffer());
ui.clearLog.addEventListener("click", () => {
  log.clear();
  renderLogCount();
});

prefillFromQuery();
renderControls();
renderLogCount();
