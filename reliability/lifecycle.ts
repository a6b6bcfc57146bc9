// The lifecycle cases: a client that stops answering pings, SIGTERM with thousands of sockets connected, and
// SIGKILL with a restart on the same port; what each client is told, and how soon.
import { io as ioc } from "socket.io-client";
import { rawWebSocket, type RawSocket } from "../signaling/testing/raw-client.js";
import type { CaseResult } from "./attacks.js";
import { ask, connect, issueCode } from "./probe.js";
import { startServer, type ServerProcess, type StartOptions } from "./server.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A viewer stops answering pings (paused, as a phone that lost its network): it is removed, the camera told. */
export async function pausedPastPingTimeout(server: ServerProcess): Promise<CaseResult> {
  const code = await issueCode(server.url, "127.0.0.31");
  const camera = await connect(server.url, "127.0.0.31");
  await ask(camera, "join_room", { code, type: "camera" });
  const viewer = await rawWebSocket(server.url, { localAddress: "127.0.0.31", answerPings: false });
  viewer.send(`420["join_room",{"code":"${code}","type":"viewer"}]`);
  await viewer.next((f) => f.startsWith("430"));
  const t0 = Date.now();
  const told = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), 45_000);
    camera.once("peer_left", (m: { id: string }) => {
      clearTimeout(timer);
      resolve(m.id === viewer.id);
    });
  });
  camera.disconnect();
  viewer.close();
  return {
    name: "lifecycle: a client paused past the ping timeout",
    figure: told
      ? `removed and its room-mate told after ${((Date.now() - t0) / 1000).toFixed(1)} s (ping interval 15 s + timeout 10 s)`
      : "never removed",
    pass: told,
  };
}

/** SIGTERM with `count` sockets connected: every client told (close 1001 or a close packet), exit within the deadline. */
export async function sigterm(opts: StartOptions, count: number): Promise<CaseResult> {
  const server = await startServer(opts);
  const socks: RawSocket[] = [];
  for (let i = 0; i < count; i += 100) {
    socks.push(
      ...(await Promise.all(
        Array.from({ length: Math.min(100, count - i) }, (_, j) =>
          rawWebSocket(server.url, { localAddress: `127.0.8.${1 + Math.floor((i + j) / 200)}` }),
        ),
      )),
    );
  }
  const codes = socks.map((s) => s.closed);
  const t0 = Date.now();
  server.child.kill("SIGTERM");
  const exit = await server.exited;
  const exitS = (Date.now() - t0) / 1000;
  const closeCodes = await Promise.all(codes.map((c) => Promise.race([c, sleep(5_000).then(() => -1)])));
  const told = closeCodes.filter((c) => c === 1001).length;
  return {
    name: `lifecycle: SIGTERM with ${count.toLocaleString("en")} sockets`,
    figure: `exit ${exit} after ${exitS.toFixed(1)} s (deadline 10 s, drain 0.5 s); ${told} of ${count} clients got close 1001 (others: ${[...new Set(closeCodes.filter((c) => c !== 1001))].join(", ") || "none"})`,
    pass: exit === 0 && exitS < 10 && told === count,
  };
}

/** SIGKILL and restart on the same port: clients reconnect on their own and pair again. */
export async function sigkillRestart(opts: StartOptions): Promise<CaseResult> {
  const server = await startServer(opts);
  const clients = Array.from({ length: 10 }, () =>
    ioc(server.url, {
      transports: ["websocket"],
      forceNew: true,
      reconnectionDelay: 200,
      reconnectionDelayMax: 1_000,
      localAddress: "127.0.0.51",
    } as never),
  );
  await Promise.all(clients.map((c) => new Promise((r) => c.once("connected", r))));
  const reconnected = clients.map((c) => new Promise<void>((r) => c.io.once("reconnect", () => r())));
  server.child.kill("SIGKILL");
  await server.exited;
  // The old process's port may take a moment to be free for the new listener: a few tries.
  let again: ServerProcess | undefined;
  for (let i = 0; i < 5 && !again; i++)
    again = await startServer({ ...opts, port: server.port }).catch(() => sleep(500).then(() => undefined));
  if (!again) again = await startServer({ ...opts, port: server.port });
  const t0 = Date.now();
  const back = await Promise.race([Promise.all(reconnected).then(() => true), sleep(20_000).then(() => false)]);
  const backS = (Date.now() - t0) / 1000;
  let paired = 0;
  for (let i = 0; i + 1 < clients.length; i += 2) {
    const code = await issueCode(again.url, "127.0.0.51");
    const a = await ask(clients[i]!, "join_room", { code, type: "camera" });
    const b = await ask(clients[i + 1]!, "join_room", { code, type: "viewer" });
    if (a.ok && b.ok) paired++;
  }
  for (const c of clients) c.disconnect();
  await stop(again);
  return {
    name: "lifecycle: SIGKILL and restart",
    figure: back
      ? `all 10 clients reconnected ${backS.toFixed(1)} s after the restart; ${paired} of 5 pairs joined again`
      : "clients did not all reconnect within 20 s",
    pass: back && paired === 5,
  };
}

async function stop(s: ServerProcess): Promise<void> {
  s.child.kill("SIGTERM");
  await s.exited;
}
