// Client drivers: how the load generator talks to each target through that target's own protocol.
//   floor    — bench/servers/floor.mjs over `ws` (join frame, then raw forwarding to the other member)
//   peerjs   — peerjs-server over `ws`: /peerjs?key=peerjs&id=..&token=.., {type,dst,payload} messages
//   socketio — bench/servers/socketio.mjs, a bare Socket.IO server speaking codecam's protocol (reference)
//   codecam  — the real server over socket.io-client with transports ["websocket"], as codecam's pages do
// Every driver does the same pairing and exposes the pair's two ends as Endpoints whose sendCandidate() sends
// one ~200 B ICE candidate to the other end and whose onCandidate fires per received one. Received frames are
// JSON-parsed on every target, as a real client would, so client-side cost stays comparable.
// One module per driver in bench/drivers/, what they share in bench/drivers/types.ts; this one picks one.
import { FloorDriver } from "./drivers/floor.js";
import { PeerjsDriver } from "./drivers/peerjs.js";
import { SocketIoDriver } from "./drivers/socketio.js";
import type { Driver, Target } from "./drivers/types.js";

export { closeHttpAgent } from "./drivers/http.js";

export {
  TARGETS,
  type Driver,
  type Endpoint,
  type IdleSocket,
  type Pair,
  type PairOptions,
  type Target,
} from "./drivers/types.js";

export function makeDriver(target: Target, base: string): Driver {
  switch (target) {
    case "floor":
      return new FloorDriver(base);
    case "peerjs":
      return new PeerjsDriver(base);
    case "socketio":
    case "codecam":
      return new SocketIoDriver(base, target);
  }
}
