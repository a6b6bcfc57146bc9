// The floor: the smallest signaling relay that does the same job, written for the bench only.
// Plain Node http + `ws`, no framework, no validation beyond what is needed to route:
//   POST /api/code/generate → 201 {"code":"NNNNNN"} (six random digits, unique among live codes)
//   WebSocket /ws: the first text frame is {"t":"join","code","type"}; the server answers
//   {"t":"joined","id","peers":[{id,type}]} and tells the other member {"t":"peer_joined","id","type"}.
//   Every later frame is forwarded byte for byte to the other member(s) of the room (no parse, no re-encode).
//   GET /healthz → 200 (readiness probe for the bench).
// Env: PORT (required), HOST (default 127.0.0.1).
import { createCodeHttpServer } from "./code-http.mjs";
import { WebSocketServer } from "ws";

const port = Number(process.env.PORT);
const host = process.env.HOST ?? "127.0.0.1";
/** code → members of the room ([] until someone joins). */
const rooms = new Map();
let lastId = 0;

const server = createCodeHttpServer(rooms);

const wss = new WebSocketServer({ server, path: "/ws" });
wss.on("connection", (ws) => {
  /** @type {{ws: import("ws").WebSocket, id: string, type: string}[] | undefined} */
  let room;
  let code;
  let self;
  ws.on("message", (data, isBinary) => {
    if (room === undefined) {
      let msg;
      try {
        msg = JSON.parse(data.toString());
      } catch {
        ws.send('{"t":"error","error":"BAD_REQUEST"}');
        return;
      }
      const members = rooms.get(msg.code);
      if (members === undefined || members.length >= 2) {
        ws.send(JSON.stringify({ t: "error", error: members ? "ROOM_FULL" : "CODE_NOT_FOUND" }));
        return;
      }
      self = { ws, id: String(++lastId), type: msg.type };
      ws.send(JSON.stringify({ t: "joined", id: self.id, peers: members.map((m) => ({ id: m.id, type: m.type })) }));
      const notice = JSON.stringify({ t: "peer_joined", id: self.id, type: self.type });
      for (const m of members) m.ws.send(notice);
      members.push(self);
      room = members;
      code = msg.code;
      return;
    }
    for (const m of room) if (m !== self) m.ws.send(data, { binary: isBinary });
  });
  ws.on("close", () => {
    if (room === undefined) return;
    const i = room.indexOf(self);
    if (i >= 0) room.splice(i, 1);
    if (room.length === 0) rooms.delete(code);
  });
  ws.on("error", () => {});
});

server.listen(port, host);
const stop = () => process.exit(0);
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
