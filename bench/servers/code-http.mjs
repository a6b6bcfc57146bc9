// The HTTP side the bench's reference servers share: POST /api/code/generate and GET /healthz, nothing else.
import http from "node:http";
import { randomInt } from "node:crypto";

/**
 * An http.Server that issues codes into `rooms` (code → [] until someone joins) and answers health checks.
 * Requests for which `ownedElsewhere(url)` is true are left alone for whatever else listens on the server
 * (Socket.IO's engine answers its own path); every other request gets 404.
 */
export function createCodeHttpServer(rooms, ownedElsewhere = () => false) {
  return http.createServer((req, res) => {
    if (req.method === "POST" && req.url === "/api/code/generate") {
      req.resume();
      req.on("end", () => {
        let code;
        do code = String(randomInt(0, 1_000_000)).padStart(6, "0");
        while (rooms.has(code));
        rooms.set(code, []);
        const body = JSON.stringify({ code });
        res.writeHead(201, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
        res.end(body);
      });
      return;
    }
    if (req.url === "/healthz") {
      res.writeHead(200, { "content-type": "application/json" });
      res.end('{"status":"ok"}');
      return;
    }
    if (ownedElsewhere(req.url ?? "")) return;
    res.writeHead(404);
    res.end();
  });
}
