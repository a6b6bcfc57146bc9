// The bystander as a process of its own: it probes /healthz until its stdin closes, then prints its figures as
// JSON. Apart from the attack clients, so their own work never shows up as the server's latency.
import { httpCall } from "../signaling/testing/raw-client.js";

const [url, localAddress = "127.0.1.1", everyMs = "100"] = process.argv.slice(2);
const latencies: number[] = [];
let failures = 0;
let running = true;
process.stdin.on("end", () => (running = false));
process.stdin.resume();

while (running) {
  const t0 = performance.now();
  try {
    const a = await httpCall(`${url}/healthz`, { localAddress, timeoutMs: 30_000 });
    if (a.status !== 200) failures++;
  } catch {
    failures++;
  }
  latencies.push(performance.now() - t0);
  await new Promise((r) => setTimeout(r, Number(everyMs)));
}
const sorted = [...latencies].sort((a, b) => a - b);
process.stdout.write(
  JSON.stringify({
    worstMs: sorted[sorted.length - 1] ?? 0,
    p50Ms: sorted[Math.floor(sorted.length / 2)] ?? 0,
    failures,
    probes: latencies.length,
  }),
);
