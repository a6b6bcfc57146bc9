// The protocol-abuse case over raw transports: junk frames, an absurd ack id and an oversized POST must leave
// the server answering and the offending session closed cleanly.
import { rawPolling, rawWebSocket } from "../signaling/testing/raw-client.js";
import type { CaseResult } from "./attacks.js";
import type { ServerProcess } from "./server.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Protocol abuse over raw websocket and raw polling: the transport-level cases of the server tests. */
export async function protocolAbuse(server: ServerProcess): Promise<CaseResult> {
  const outcomes: string[] = [];
  const ws = await rawWebSocket(server.url, { localAddress: "127.0.0.41" });
  ws.send(`42${"9".repeat(400)}["ping"]`);
  const pong = await ws.next((f) => f.includes('"pong"')).catch(() => "none");
  outcomes.push(
    pong.startsWith('42["pong"') ? "absurd ack id answered as an event" : `absurd ack id: ${pong.slice(0, 20)}`,
  );
  for (const junk of [
    "42[",
    '42{"a":1}',
    "4x",
    "9",
    '451-["offer",{"_placeholder":true,"num":0}]',
    '42["join_room",{"__proto__":{"x":1}}]',
  ])
    ws.send(junk);
  ws.ws.send(Buffer.from([1, 2, 3]));
  await sleep(300);
  outcomes.push(`junk frames: connection ${ws.ws.readyState === 1 ? "kept or closed cleanly" : "closed"}`);
  ws.close();
  const poll = await rawPolling(server.url, { localAddress: "127.0.0.42" });
  const big = await poll.post([`42["offer",{"x":"${"a".repeat(200_000)}"}]`]);
  const after = await poll.poll();
  outcomes.push(`oversized POST ${big.status}, session then ${after.status === 400 ? "closed" : "open"}`);
  const ok = pong.startsWith('42["pong"') && big.status === 413 && after.status === 400;
  return { name: "protocol abuse: raw websocket and polling", figure: outcomes.join("; "), pass: ok };
}
