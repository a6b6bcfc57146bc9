// /socket-test: wiring only. Socket and button events change the state (state.ts), present() says what to show,
// render() shows it; every event in and out also goes to the event log (socket-events.ts).
import { io } from "socket.io-client";
import { freshRtcConfig } from "../lib/rtc/rtc-config.js";
import { connectSignaling } from "../lib/room/signaling.js";
import { createActions } from "./actions.js";
import { HttpRequestError, requestCode } from "./api.js";
import { runChecks } from "./check.js";
import { describeReply } from "./describe.js";
import { createDeviceChecks } from "./device-checks.js";
import { createEventLog, EVENT_LOG_LIMIT } from "./event-log.js";
import { ACK_TIMEOUT_MS, type Page, type PageLog } from "./page.js";
import { createPathCheck, PATH_CHECK_NAME } from "./path-check.js";
import { present } from "./present.js";
import { findElements, render } from "./render.js";
import { createServerChecks } from "./server-checks.js";
import { followSocket } from "./socket-events.js";
import * as S from "./state.js";

/** How often the "connected for" clock moves on. */
const DURATION_TICK_MS = 250;

/** `?keep=N` keeps the last N log lines instead of EVENT_LOG_LIMIT (1 to 10,000). */
function readLogLimit(): number {
  const keep = Number(new URLSearchParams(location.search).get("keep"));
  return Number.isInteger(keep) && keep >= 1 && keep <= 10_000 ? keep : EVENT_LOG_LIMIT;
}

const el = findElements();
const socket = connectSignaling({ autoConnect: false });
const eventLog = createEventLog(el.eventLog, readLogLimit());
let state = S.initialState();
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

function renderLogCount(): void {
  const { size, total } = eventLog;
  if (total === 0) el.logCount.textContent = "";
  else if (total > size) el.logCount.textContent = `last ${size} of ${total} · newest first`;
  else el.logCount.textContent = `${total} ${total === 1 ? "event" : "events"} · newest first`;
}

const log: PageLog = {
  add(entry) {
    eventLog.add(entry);
    renderLogCount();
  },
  reply(event, reply, roundTripMs) {
    update(S.countedIn);
    log.add({ direction: "reply", event, payload: reply, ...describeReply(event, reply, roundTripMs) });
  },
  failure(event, err, prefix = "") {
    let reason = err instanceof Error ? err.message : String(err);
    if (err instanceof HttpRequestError) reason = `${err.status} ${reason}`;
    log.add({ direction: "info", event, summary: prefix + reason, tone: "error" });
  },
};

const page: Page = { el, socket, state: () => state, update, log };
followSocket(page);
const actions = createActions(page);

// ---- the checks: the server's (one chain), this device's (each on its own), and the path between two devices ----

const server = createServerChecks({
  // Connections of their own, so the checks never disturb the panels above. WebSocket first with polling as
  // the fallback, as every page connects (lib/room/signaling.ts): without tryAllTransports a blocked
  // WebSocket fails the checks instead of falling back.
  connect: () =>
    io({ transports: ["websocket", "polling"], tryAllTransports: true, reconnection: false, forceNew: true }),
  requestCode: async () => (await requestCode()).body,
  timeoutMs: ACK_TIMEOUT_MS,
});
const device = createDeviceChecks({
  rtcConfig: (code) => freshRtcConfig(code),
  async codeForTurn() {
    const room = state.room?.code;
    if (room) return { code: room };
    try {
      return { code: (await requestCode()).body.code };
    } catch (err) {
      return { reason: `POST /api/code/generate failed: ${err instanceof Error ? err.message : String(err)}` };
    }
  },
});
const path = createPathCheck({
  socket,
  room: () => state.room,
  rtcConfig: (code) => freshRtcConfig(code),
  log: (line) => log.add({ direction: "info", event: "path", summary: line }),
  report: (status, detail) => update((s) => S.checkUpdated(s, PATH_CHECK_NAME, status, detail)),
  ackTimeoutMs: ACK_TIMEOUT_MS,
});
const chains = [server.checks, ...device.map((check) => [check]), [path]];
const total = chains.flat().length;

async function runAllChecks(): Promise<void> {
  update(S.checksStarted);
  log.add({ direction: "info", event: "checks", summary: `running ${total} checks` });
  try {
    const passed = await runChecks(
      chains,
      (line) => log.add({ direction: "info", event: "check", summary: line }),
      (name, status, detail) => update((s) => S.checkUpdated(s, name, status, detail)),
    );
    const skipped = state.checks.filter((c) => c.status === "skipped").length;
    const tone = passed + skipped === total ? "success" : "error";
    const summary = `${passed} of ${total} passed${skipped > 0 ? `, ${skipped} skipped` : ""}`;
    log.add({ direction: "info", event: "checks", summary, tone });
  } finally {
    server.close();
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

el.connect.addEventListener("click", actions.connect);
el.disconnect.addEventListener("click", actions.disconnect);
el.ping.addEventListener("click", () => void actions.sendPing());
el.generate.addEventListener("click", () => void actions.generateCode());
el.roomForm.addEventListener("submit", (event) => {
  event.preventDefault();
  if (!el.join.disabled) void actions.joinRoom();
});
el.leave.addEventListener("click", () => void actions.leaveRoom());
el.sendOffer.addEventListener("click", () => void actions.sendTestOffer());
el.runChecks.addEventListener("click", () => void runAllChecks());
el.clearLog.addEventListener("click", () => {
  eventLog.clear();
  renderLogCount();
});

prefillFromQuery();
update(() =>
  S.initialState([
    ...server.checks.map((c) => ({ name: c.name, group: "server" as const })),
    ...device.map((c) => ({ name: c.name, group: "device" as const })),
    { name: path.name, group: "path" as const },
  ]),
);
renderLogCount();
