// peerjs-server (npm `peer`) as its README shows it: PeerServer({ port, path }), here bound to loopback,
// in its own process. The only non-default option is concurrent_limit (default 5000), raised so the
// capacity figure measures memory rather than the limit. Env: PORT (required), HOST (default 127.0.0.1).
import { PeerServer } from "peer";

const port = Number(process.env.PORT);
const host = process.env.HOST ?? "127.0.0.1";
PeerServer({ port, host, path: "/", key: "peerjs", concurrent_limit: 1_000_000 });

const stop = () => process.exit(0);
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
