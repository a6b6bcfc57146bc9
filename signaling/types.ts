// Server-side Socket.IO types: the shared event maps plus what the server keeps on each socket.
import type { Server, Socket } from "socket.io";
import type {
  ClientToServerEvents,
  InterServerEvents,
  RoomCode,
  ServerToClientEvents,
  SocketData,
} from "./protocol.js";

export interface ServerSocketData extends SocketData {
  /** Rate-limit key of the client's address (client-ip.ts). */
  ipKey: string;
  /** The client address as seen (for logs). */
  ip: string;
  /** A join_room is being processed: a second one waits its turn by being refused. */
  joining: boolean;
}

/** Between the server's own processes (over the Redis adapter); never on the wire to a client. */
export interface ServerToServerEvents extends InterServerEvents {
  /** The camera removed member `id` of room `code`: the process holding that socket takes it out (rooms/remove-peer.ts). */
  remove_member: (code: RoomCode, id: string) => void;
}

export type SignalingIo = Server<ClientToServerEvents, ServerToClientEvents, ServerToServerEvents, ServerSocketData>;
export type SignalingSocket = Socket<
  ClientToServerEvents,
  ServerToClientEvents,
  ServerToServerEvents,
  ServerSocketData
>;
