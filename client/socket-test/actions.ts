// The panels' buttons: connect and disconnect the page socket, ping, issue a code, join and leave a room, and
// relay a test offer. Each logs what it sent and what came back.
import type { JoinRoomReply, LeaveRoomReply, Pong, Role, SignalReply } from "../../signaling/protocol.js";
import { emitWithAck } from "./ack.js";
import { requestCode } from "./api.js";
import { formatMs } from "./describe.js";
import { buildTestOffer } from "./fake-offer.js";
import { ACK_TIMEOUT_MS, type Page } from "./page.js";
import * as S from "./state.js";

/** Transport orders the page offers; the app itself uses the first (see lib/signaling.ts). */
const TRANSPORT_CHOICES: Record<string, Array<"websocket" | "polling">> = {
  "websocket-first": ["websocket", "polling"],
  "polling-upgrade": ["polling", "websocket"],
  "polling-only": ["polling"],
};

export function createActions({ el, socket, state, update, log }: Page) {
  const selectedRole = (): Role => {
    const checked = el.roomForm.querySelector<HTMLInputElement>('input[name="role"]:checked');
    return checked?.value === "viewer" ? "viewer" : "camera";
  };

  return {
    connect(): void {
      const transports = TRANSPORT_CHOICES[el.transportChoice.value] ?? ["websocket", "polling"];
      // The manager reads its options on every (re)connect.
      socket.io.opts.transports = transports;
      update(S.connecting);
      log.add({
        direction: "info",
        event: "connecting",
        summary: `transports tried in order: ${transports.join(", ")}`,
      });
      socket.connect();
    },

    disconnect(): void {
      const wasConnected = socket.connected;
      socket.disconnect();
      if (!wasConnected) {
        // No `disconnect` event when the socket never got up: stop the attempts and say so here.
        update((s) => S.disconnected(s, false));
        log.add({ direction: "info", event: "disconnect", summary: "stopped connecting" });
      }
    },

    async sendPing(): Promise<void> {
      try {
        const { reply, roundTripMs } = await emitWithAck<Pong>(
          "ping",
          (ack) => socket.emit("ping", ack),
          ACK_TIMEOUT_MS,
        );
        update((s) => S.roundTrip(s, roundTripMs));
        log.reply("ping", reply, roundTripMs);
      } catch (err) {
        log.failure("ping", err);
      }
    },

    async generateCode(): Promise<void> {
      el.generate.disabled = true;
      try {
        const { body, status, roundTripMs } = await requestCode();
        el.code.value = body.code;
        const expires = new Date(body.expiresAt).toLocaleTimeString();
        log.add({
          direction: "info",
          event: "http",
          summary: `POST /api/code/generate → ${status}: code ${body.code}, joinable until ${expires} (${formatMs(roundTripMs)})`,
          tone: "success",
          payload: body,
        });
      } catch (err) {
        log.failure("http", err, "POST /api/code/generate → ");
      } finally {
        el.generate.disabled = false;
      }
    },

    async joinRoom(): Promise<void> {
      // The code goes to the server as typed: showing how it answers a bad one is part of the test.
      const request = { code: el.code.value.trim(), type: selectedRole() };
      try {
        const { reply, roundTripMs } = await emitWithAck<JoinRoomReply>(
          "join_room",
          (ack) => socket.emit("join_room", request, ack),
          ACK_TIMEOUT_MS,
        );
        log.reply("join_room", reply, roundTripMs);
        if (reply.ok) update((s) => S.joined(s, reply));
      } catch (err) {
        log.failure("join_room", err);
      }
    },

    async leaveRoom(): Promise<void> {
      const current = state().room;
      if (!current) return;
      try {
        const { reply, roundTripMs } = await emitWithAck<LeaveRoomReply>(
          "leave_room",
          (ack) => socket.emit("leave_room", { code: current.code }, ack),
          ACK_TIMEOUT_MS,
        );
        log.reply("leave_room", reply, roundTripMs);
        if (reply.ok) update(S.left);
      } catch (err) {
        log.failure("leave_room", err);
      }
    },

    async sendTestOffer(): Promise<void> {
      // Outside a room the server answers NOT_IN_ROOM, which is worth seeing too.
      const roomCode = state().room?.code ?? el.code.value.trim();
      const message = { room_code: roomCode, offer: buildTestOffer() };
      try {
        const { reply, roundTripMs } = await emitWithAck<SignalReply>(
          "offer",
          (ack) => socket.emit("offer", message, ack),
          ACK_TIMEOUT_MS,
        );
        log.reply("offer", reply, roundTripMs);
      } catch (err) {
        log.failure("offer", err);
      }
    },
  };
}
