// The page socket's events into the state and the log: every event in and out, and the connection's lifecycle
// (open, upgrade, connect, disconnect, reconnect attempts), plus the room's membership as the server pushes it.
import { describeIncoming, describeOutgoing, isIncomingEvent, isOutgoingEvent } from "./describe.js";
import type { Page } from "./page.js";
import * as S from "./state.js";

export function followSocket({ socket, state, update, log }: Page): void {
  socket.onAny((event: string, ...args: unknown[]) => {
    update(S.countedIn);
    const payload = args[0];
    if (isIncomingEvent(event)) {
      log.add({ direction: "in", event, payload, ...describeIncoming(event, payload) });
    } else {
      log.add({ direction: "in", event, payload: args, summary: "event not in the protocol", tone: "error" });
    }
  });

  socket.onAnyOutgoing((event: string, ...args: unknown[]) => {
    update(S.countedOut);
    const payload = args[0];
    const description = isOutgoingEvent(event)
      ? describeOutgoing(event, payload)
      : { summary: "event not in the protocol", tone: "error" as const };
    log.add({ direction: "out", event, payload, ...description });
  });

  socket.io.on("open", () => {
    const engine = socket.io.engine;
    update((s) => S.transportOpened(s, engine.transport.name));
    log.add({ direction: "info", event: "open", summary: `transport opened over ${engine.transport.name}` });
    engine.on("upgrade", (upgraded) => {
      const from = state().transport?.startedOn ?? "?";
      update((s) => S.transportUpgraded(s, upgraded.name));
      log.add({
        direction: "info",
        event: "upgrade",
        summary: `transport upgraded ${from} → ${upgraded.name}`,
        tone: "success",
      });
    });
    engine.on("upgradeError", (err) => {
      const summary = `upgrade failed, staying on ${engine.transport.name}: ${err.message}`;
      log.add({ direction: "info", event: "upgradeError", summary, tone: "error" });
    });
  });

  socket.io.on("reconnect_attempt", (attempt) => {
    update((s) => S.reconnecting(s, attempt));
    log.add({ direction: "info", event: "reconnect_attempt", summary: `attempt ${attempt}` });
  });

  socket.io.on("reconnect", (attempt) => {
    const summary = `reconnected after ${attempt} attempt${attempt === 1 ? "" : "s"}`;
    log.add({ direction: "info", event: "reconnect", summary, tone: "success" });
  });

  socket.on("connect", () => {
    update((s) => S.connected(s, socket.id ?? "?", performance.now()));
    const summary = `connected as ${socket.id} over ${state().transport?.current ?? "?"}`;
    log.add({ direction: "info", event: "connect", summary, tone: "success" });
  });

  socket.on("disconnect", (reason) => {
    const willReconnect = reason !== "io client disconnect" && reason !== "io server disconnect";
    update((s) => S.disconnected(s, willReconnect));
    const tone = reason === "io client disconnect" ? "neutral" : "error";
    const summary = willReconnect ? `${reason}, reconnecting` : reason;
    log.add({ direction: "info", event: "disconnect", summary, tone });
  });

  socket.on("connect_error", (err) => {
    const willRetry = socket.active;
    if (!willRetry) update((s) => S.disconnected(s, false));
    const summary = willRetry ? `${err.message}, retrying` : err.message;
    log.add({ direction: "info", event: "connect_error", summary, tone: "error" });
  });

  // Room state follows what the server pushes to the others in the room.
  socket.on("peer_joined", (peer) => update((s) => S.peerJoined(s, peer)));
  socket.on("peer_left", (peer) => update((s) => S.peerLeft(s, peer)));
}
