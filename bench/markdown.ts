// Writes BENCHMARKS.md from a full run. Everything is generated from the run's JSON except the block between
// <!-- notes:start --> and <!-- notes:end -->, which is kept from the existing file (analysis written by hand).
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { ProfileResult } from "./profile.js";
import { PHONE_WIFI } from "./link.js";
import type { FirstFrameResult } from "./firstframe/result.js";
import { markdownRuns, markdownTable } from "./tables.js";
import type { BenchResult } from "./bench-result.js";
import { SECTIONS, sectionData, sectionError } from "./sections.js";
import { ROOT } from "./servers.js";

const NOTES_START = "<!-- notes:start -->";
const NOTES_END = "<!-- notes:end -->";
const DEFAULT_NOTES = `${NOTES_START}
(Analysis written by hand goes here; the generator keeps this block.)
${NOTES_END}`;

function keptNotes(file: string): string {
  if (!existsSync(file)) return DEFAULT_NOTES;
  const text = readFileSync(file, "utf8");
  const a = text.indexOf(NOTES_START);
  const b = text.indexOf(NOTES_END);
  return a >= 0 && b > a ? text.slice(a, b + NOTES_END.length) : DEFAULT_NOTES;
}

const n = (v: number | undefined, digits = 3) =>
  v === undefined || !Number.isFinite(v) ? "—" : Number(v.toPrecision(digits)).toLocaleString("en-US");

function profileSection(profile: ProfileResult | undefined, error: string | undefined): string {
  if (!profile)
    return error
      ? `Profiling failed: ${error}\n`
      : "Not profiled in this run: `npm run bench -- --profile` adds CPU profiles and heap snapshots here.\n";
  const out: string[] = [];
  for (const p of profile.cpu) {
    const s = p.summary;
    const figs = Object.entries(p.figures)
      .filter(([k]) => !k.startsWith("_"))
      .slice(0, 3)
      .map(([k, v]) => `${k} ${n(v)}`)
      .join(", ");
    out.push(
      `#### CPU profile: ${p.target}, ${p.scenario} load`,
      "",
      `\`${s.file}\` (node --cpu-prof, 250 µs sampling; ${s.window}): ${n(s.busyMs, 4)} ms busy of ${n(s.totalMs, 4)} ms sampled; under the profiler: ${figs}.`,
      "",
      "Self time by package:",
      "",
      "| area | self ms | % of busy |",
      "|---|--:|--:|",
      ...s.byArea.slice(0, 12).map((a) => `| ${a.area} | ${n(a.selfMs)} | ${n(a.selfPct)} |`),
      "",
      "Top functions by self time:",
      "",
      "| function | where | area | self ms | % of busy |",
      "|---|---|---|--:|--:|",
      ...s.topSelf
        .slice(0, 20)
        .map((f) => `| \`${f.fn}\` | ${f.where || "—"} | ${f.area} | ${n(f.selfMs)} | ${n(f.selfPct)} |`),
      "",
    );
    if (s.ownInclusive.length > 0) {
      out.push(
        "codecam's own functions by inclusive time (self + callees):",
        "",
        "| function | where | total ms | % of busy |",
        "|---|---|--:|--:|",
        ...s.ownInclusive.slice(0, 10).map((f) => `| \`${f.fn}\` | ${f.where} | ${n(f.totalMs)} | ${n(f.totalPct)} |`),
        "",
      );
    }
  }
  for (const h of profile.heap) {
    out.push(
      `#### Heap per idle socket: ${h.target}`,
      "",
      `Two heap snapshots (node --heapsnapshot-signal), with 0 and with ${h.sockets} idle sockets: JS heap +${n(h.heapBytesPerSocket)} bytes per socket (RSS +${n(h.rssKbPerSocket)} KB per socket in the same run). Classes that grew, per socket:`,
      "",
      "| class | objects / socket | bytes / socket |",
      "|---|--:|--:|",
      ...h.perSocket.slice(0, 15).map((r) => `| \`${r.cls}\` | ${n(r.objects)} | ${n(r.bytes)} |`),
      "",
    );
  }
  if (profile.errors.length) out.push("Profiling errors: " + profile.errors.join("; "), "");
  return out.join("\n");
}

function firstFrameMd(ff: FirstFrameResult | undefined, error: string | undefined): string {
  if (!ff) return `Not measured in this run: ${error ?? "skipped"}.`;
  return `| run | camera page opened → first frame (ms) | opened → join_room_success (ms) | join_room_success → first frame (ms) | frame | detected by |
|--:|--:|--:|--:|---|---|
${ff.runs.map((r, i) => `| ${i + 1} | ${n(r.openToFrameMs, 4)} | ${n(r.openToJoinMs, 4)} | ${n(r.joinToFrameMs, 4)} | ${r.frameWidth}×${r.frameHeight} | ${r.how ?? ""} |`).join("\n")}

Medians: opened → first frame ${n(ff.openToFrameP50Ms, 4)} ms; opened → joined ${n(ff.openToJoinP50Ms, 4)} ms; joined → first frame ${n(ff.joinToFrameP50Ms, 4)} ms.${ff.errors.length ? ` Failed runs: ${ff.errors.join("; ")}.` : ""}
JavaScript loaded by the pages: camera ${n(ff.runs[0]?.cameraJsBytes, 4)} B, viewer ${n(ff.runs[0]?.viewerJsBytes, 4)} B (encoded body sizes).

Where the time goes (median over the runs of when each milestone first happened, ms after the camera page's
navigation start; ×N = how many times it happened in that run, e.g. two offers = a renegotiation):

| ms | page | milestone |
|--:|---|---|
${(ff.timeline ?? []).map((e) => `| ${n(e.ms, 4)} | ${e.page} | ${e.name}${e.count > 1 && !e.name.startsWith("nav: scripts") ? ` ×${e.count}` : ""} |`).join("\n")}`;
}

function wifiNote(wifi: FirstFrameResult | undefined): string {
  const link = wifi?.link ?? PHONE_WIFI;
  return `The camera page's own traffic (its page loads and its Socket.IO WebSocket) goes through Chromium's DevTools network
emulation (\`Network.emulateNetworkConditions\` on a CDP session of the page, set before it navigates): ${link.latencyMs} ms added
latency, ${link.downloadBps / 1e6} Mbit/s down and ${link.uploadBps / 1e6} Mbit/s up. Not covered: the media path (WebRTC's RTP over
UDP between the two pages is not throttled by DevTools, so camera → viewer video still crosses loopback), the viewer's
own link (the laptop stays on loopback), packet loss and jitter, and the TLS handshake a phone does on the HTTPS port.`;
}

/** Sections with their own Markdown (bench/sections.ts), each under its title. */
function extraSections(result: BenchResult): string {
  const out: string[] = [];
  for (const section of SECTIONS) {
    if (!section.markdown) continue;
    const data = sectionData(result.sections, section.key);
    const error = sectionError(result.sections, section.key);
    if (data === undefined && error === undefined) continue;
    out.push(
      `## ${section.title}`,
      "",
      data !== undefined ? section.markdown(data) : `Not measured in this run: ${error}.`,
      "",
    );
  }
  return out.join("\n");
}

export function renderBenchmarksMd(result: BenchResult, notes: string): string {
  const m = result.meta;
  const ff = sectionData<FirstFrameResult>(result.sections, "firstFrame");
  const wifi = sectionData<FirstFrameResult>(result.sections, "firstFrameWifi");
  const p = result.config.params;
  const pkgs = Object.entries(m.packages)
    .map(([k, v]) => `${k} ${v}`)
    .join(", ");
  const missed = result.rows.filter((r) => r.goal && r.goal.met === false).map((r) => r.figure);
  const met = result.rows.filter((r) => r.goal && r.goal.met === true).map((r) => r.figure);
  return `# Benchmarks

codecam's signaling server measured side by side with the physical-ish limit of this machine (a minimal
\`ws\` relay written inside the bench, "floor"), with the most used Node signaling server (peerjs-server,
npm \`peer\`), and with a bare Socket.IO server speaking codecam's protocol ("Socket.IO bare", a reference
that separates what Socket.IO costs from what codecam's own code costs), all on loopback, interleaved,
${result.config.repeats} repeats (capacity: ${result.config.capacityRepeats}), medians. Generated by
\`${m.command}\` (bench/run.ts); the raw figures are in \`bench/results/latest.json\` (not committed).

## Run

| | |
|---|---|
| date | ${m.date} |
| command | \`${m.command}\` (mode: ${result.mode}, ${result.durationS} s in all) |
| machine | ${m.nproc} × ${m.cpuModel}, ${m.ramGiB} GiB RAM, ${m.kernel} (shared: load average ${m.loadavgStart.join(" ")} at start, ${(m.loadavgEnd ?? []).join(" ")} at end) |
| node | ${m.node} |
| chromium | ${m.chromium} |
| packages | ${pkgs} |
| git | ${m.gitCommit} |
| codecam server | \`${result.codecamServer.command}\` with ${Object.entries(result.codecamServer.env)
    .map(([k, v]) => `${k}=${v}`)
    .join(" ")} (and a free PORT); NODE_ENV=production for every server |

## Results (medians of ${result.config.repeats} repeats; capacity ${result.config.capacityRepeats})

${markdownTable(result.rows)}

Targets met: ${met.length ? met.join("; ") : "none"}. Targets missed: ${missed.length ? missed.join("; ") : "none"}.
Delivered messages/s is printed but is not a target: on 2 shared cores the socket.io-client load generator saturates
its own core before any Socket.IO server does; server CPU per forwarded message is the figure an operator pays for.
Ratios are codecam (or peerjs) divided by the floor in the same run, and codecam divided by bare Socket.IO;
for the first frame the target is absolute. "Messages per server CPU-second" is the forwarding figure without
the load generator (which shares the 2 cores): delivered messages / server CPU seconds.

## Method

- Each server runs in its own child process (\`node <script>\`, no loader), so CPU (the on-CPU time of all its
  threads from \`/proc/<pid>/task/*/schedstat\`, in ns; utime+stime from \`/proc/<pid>/stat\` as a cross-check in
  the JSON) and RSS (\`VmRSS\` from
  \`/proc/<pid>/status\`) are that server's alone. The load generator is another child (bench/loadgen.ts);
  the orchestrator (bench/run.ts) only starts processes and waits. Everything binds 127.0.0.1.
- A fresh server is started for every scenario × target × repeat. For each repeat and scenario the four
  targets run back to back in a rotating order, so slow phases of the shared machine hit all of them.
- Clients: \`ws\` for the floor and peerjs, \`socket.io-client\` with \`transports: ["websocket"]\` for codecam
  and bare Socket.IO (as codecam's pages do). Every client JSON-parses every frame it receives. Messages carry the same strings on all
  targets: a ${"~"}150-character ICE candidate line (the message is ~200-250 B with each protocol's envelope) and
  3,072-byte SDPs.
- **floor** (bench/servers/floor.mjs): \`POST /api/code/generate\` → \`{code}\`; WebSocket \`/ws\`, first frame
  \`{"t":"join",code,type}\` → \`{"t":"joined",id,peers}\` and \`{"t":"peer_joined"}\` to the other member; every
  later frame is forwarded byte for byte to the other member. No validation, no rate limits, no logging.
- **peerjs** (bench/servers/peerjs.mjs): \`PeerServer({port, host, path: "/", key: "peerjs"})\` with
  \`concurrent_limit\` raised; clients \`GET /peerjs/id\`, connect \`/peerjs?key=peerjs&id=..&token=..\`, wait for
  \`OPEN\`, send \`{type, dst, payload}\`. In a pairing the camera's id plays the code; the viewer offers
  (PeerJS's own flow: the caller offers), the camera answers.
- **Socket.IO bare** (bench/servers/socketio.mjs): Socket.IO 4 with its defaults, the same events and payloads
  as codecam (\`join_room\` with ack, \`peer_joined\`, \`offer\`/\`answer\`/\`ice_candidate\` forwarded to \`to\`
  with \`from\` added) and nothing else: no validation, rate limits, metrics, logging or tokens. Driven by
  the same socket.io-client code as codecam, so the client side is identical.
- **codecam**: the production build with default settings except the rate limits raised for the load (see Run).
  Pairing: \`POST /api/code/generate\` → camera \`join_room\` (ack) → viewer \`join_room\` (ack) → camera gets
  \`peer_joined\` → \`offer\` to the viewer → \`answer\` → ICE, all with \`to\` set, as the pages do.
- Figures:
  1. round trip: one pair; a candidate camera → server → viewer, which sends one back; ${p.rtt.count} round trips after
     ${p.rtt.warmup} warm-up ones; p50/p99 and server CPU per round trip.
  2. pairing: ${p.pairing.count} pairings started at once (after 3 warm-up ones), each: code → camera join → viewer join →
     offer (${p.pairing.sdpBytes} B) → answer → ${p.pairing.ice} ICE each way, complete when both ends have everything; pairings/s =
     count / wall time of the batch; p50/p99 of each pairing's own duration. HTTP: keep-alive agent, ≤ 32 connections.
  3. capacity: ${p.capacity.count} idle sockets (codecam: Socket.IO connected; peerjs: OPEN received; floor: open), ${p.capacity.concurrency} connects
     in flight; RSS after − RSS before (after 20 warm-up connects), ${p.capacity.settleMs} ms settle, divided by the count.
  4. forwarding: ${p.throughput.pairs} pairs, each direction keeps ${p.throughput.window} candidates in flight (a delivery lets its sender send the
     next); ${p.throughput.warmupMs} ms warm-up, then ${p.throughput.durationMs} ms measured: delivered messages/s and server CPU per message.
  5. first frame: Chromium (${m.chromium}) headless with the fake camera and the e2e suite's flags; a viewer
     context opens \`/viewer?code=\` and joins; then a phone-sized context opens \`/camera?code=..&autostart=1\`.
     Measured in the pages (epoch ms): camera \`performance.timeOrigin\` → viewer's first
     \`requestVideoFrameCallback\` (5 ms poll of \`getVideoPlaybackQuality()\` as fallback), and the camera's
     \`join_room_success\` (first Socket.IO frame with its token) → that frame. Fresh contexts (cold cache) per run,
     one unmeasured warm-up run, ${result.config.firstFrameRuns} measured runs. The same again with the camera page behind a
     simulated phone Wi-Fi link (${PHONE_WIFI.latencyMs} ms added latency, ${PHONE_WIFI.downloadBps / 1e6} Mbit/s each way, through Chromium's DevTools network
     emulation on the page's CDP session: its page loads and its Socket.IO WebSocket; not the media path, see "Over a
     simulated phone Wi-Fi link").
- The machine is shared: every run also records \`other_cpu_share\` (the share of all cores used by processes other
  than the server and the load generator while it ran, from \`/proc/stat\`) and \`steal_share\` (hypervisor
  steal). Before each run the bench waits (at most ${result.config.quietWait.perRunMs / 1000} s, ${result.config.quietWait.totalMs / 1000} s in all) until the machine
  is quiet (all processes plus steal < 35% of the cores); a run during which other processes plus steal took more
  than 50% of the cores is "noisy", repeated once right away (at most ${result.config.maxRetries} such repeats), and left out of
  the median when at least two quiet runs of the same figure and target exist. Every run, noisy or not, is in
  the per-repeat tables below with its \`other_cpu_share\` and \`steal_share\`.
- Performance is reported here, never asserted by the test suite; bench/bench.smoke.test.ts only runs
  \`--smoke\` and checks that every figure came out finite and positive.

## Time to first frame

${firstFrameMd(ff, sectionError(result.sections, "firstFrame"))}

### Over a simulated phone Wi-Fi link

${wifiNote(wifi)}

${firstFrameMd(wifi, sectionError(result.sections, "firstFrameWifi"))}

${extraSections(result)}## Every figure, every repeat

${markdownRuns(result.runs)}
## Where the time goes

${profileSection(sectionData<ProfileResult>(result.sections, "profile"), sectionError(result.sections, "profile"))}
## Analysis and what was tried

${notes}
`;
}

export function writeBenchmarksMd(result: BenchResult): void {
  const file = path.join(ROOT, "BENCHMARKS.md");
  writeFileSync(file, renderBenchmarksMd(result, keptNotes(file)));
}
