// Reference target "socket.io bare": the least a Socket.IO server can do to speak codecam's protocol — same
// events, same payloads, same client (socket.io-client) — with none of codecam's work (no validation, no rate
// limits, no metrics, no logging, no tokens that mean anything). Its distance to the floor is what Socket.IO
// itself costs; codecam's distance to it is what codecam's own code costs. Socket.IO defaults except
// serveClient: false. Env: PORT (required), HOST (default 127.0.0.1).
import { createCodeHttpServer } from "./code-http.mjs";
import { Server } from "socket.io";

const port = Number(process.env.PORT);
const host = process.env.HOST ?? "127.0.0.1";
/** code → members [{id, type}] */
const rooms = new Map();

const server = createCodeHttpServer(rooms, (url) => url.startsWith("/socket.io"));

const io = new Server(server, { serveClient: false });
io.on("connection", (socket) => {
  let room;
  let code;
  socket.on("join_room", (req, ack) => {
    const members = rooms.get(req?.code);
    if (members === undefined) return ack?.({ ok: false, error: { code: "CODE_NOT_FOUND", message: "no such code" } });
    const peers = members.map((m) => ({ id: m.id, type: m.type }));
    members.push({ id: socket.id, type: req.type });
    room = members;
    code = req.code;
    socket.join(code);
    ack?.({ ok: true, code, type: req.type, id: socket.id, token: socket.id, peers });
    socket.to(code).emit("peer_joined", { id: socket.id, type: req.type });
  });
  for (const event of ["offer", "answer", "ice_candidate"]) {
    socket.on(event, (msg) => {
      msg.from = socket.id;
      const target = msg.to === undefined ? undefined : io.sockets.sockets.get(msg.to);
      if (target) target.emit(event, msg);
      else socket.to(code).emit(event, msg);
    });
  }
  socket.on("disconnect", () => {
    if (!room) return;
    const i = room.findIndex((m) => m.id === socket.id);
    if (i >= 0) room.splice(i, 1);
    if (room.length === 0) rooms.delete(code);
    else socket.to(code).emit("peer_left", { id: socket.id });
  });
});

server.listen(port, host);
process.on("SIGTERM", () => process.exit(0));
process.on("SIGINT", () => process.exit(0));
