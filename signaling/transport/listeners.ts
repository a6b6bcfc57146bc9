// What an HTTP or HTTPS listener does with what arrives: requests under Socket.IO's path go to Engine.IO (with
// CORS headers on long-polling only), every other request to express; upgrades under that path go to Engine.IO,
// and any other upgrade is refused at once.
//
// Engine.IO's own attach() routes the same way, but the CORS headers would then be one of its middlewares, and
// with any middleware at all it runs every handshake, upgrades included, through a promise chain.
import type { IncomingMessage, RequestListener, Server as HttpServer, ServerResponse } from "node:http";
import type { Server as HttpsServer } from "node:https";
import type { Duplex } from "node:stream";
import type { Server as EngineServer } from "engine.io";
import { dropUpgradeResponseListener } from "./engine-internals.js";

type Middleware = (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void;

export interface ListenerRoutes {
  /** Socket.IO's path with its trailing slash, as Engine.IO matches it: "/socket.io/". */
  enginePath: string;
  engine: EngineServer;
  /** Runs before Engine.IO on its plain HTTP requests (polling): CORS. */
  pollingMiddleware: Middleware;
  app: RequestListener;
}

export function routeListener(server: HttpServer | HttpsServer, routes: ListenerRoutes): void {
  const { enginePath, engine, pollingMiddleware, app } = routes;
  const isEngine = (req: IncomingMessage) => req.url?.startsWith(enginePath) === true;
  server.on("request", (req, res) => {
    if (!isEngine(req)) {
      app(req, res);
      return;
    }
    pollingMiddleware(req, res, (err) => {
      if (err === undefined) engine.handleRequest(req, res);
      else res.writeHead(400).end();
    });
  });
  server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (isEngine(req)) upgradeToEngine(engine, req, socket, head);
    else socket.end("HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
  });
}

/** Engine.IO's upgrade, minus the listener that would keep the upgrade request alive (engine-internals.ts). */
function upgradeToEngine(engine: EngineServer, req: IncomingMessage, socket: Duplex, head: Buffer): void {
  const before = socket.listenerCount("close");
  engine.handleUpgrade(req, socket, head);
  dropUpgradeResponseListener(socket, before);
}
