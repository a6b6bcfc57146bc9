// Server-side Socket.IO types: the shared event maps plus what the server keeps on each socket.
import type { Server, Socket } from "socket.io";
import type { ClientToServerEvents, InterServerEvents, ServerToClientEvents, SocketData } from "./protocol.js";

export interface ServerSocketData extends SocketData {
  /** Rate-limit key of the client's address (client-ip.ts). */
  ipKey: string;
  /** The client address as seen (for logs). */
  ip: string;
  /** A join_room is being processed: a second one waits its turn by being refused. */
  joining: boolean;
}

export type SignalingIo = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, ServerSocketData>;
export type SignalingSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, ServerSocketData>;
