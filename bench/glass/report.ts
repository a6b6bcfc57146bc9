// The glass-to-glass figure in the console and in BENCHMARKS.md.
import { round } from "../stats.js";
import {
  CODECAM,
  CODECAM_LOW_DELAY,
  FLOOR_SAME_START,
  type GlassResult,
  type GlassRun,
  type GlassSummary,
} from "./measure.js";
import { QUEUE_MS } from "./shape.js";

const ms = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? "—" : String(round(v, 3)));
const signed = (v: number) => `${v >= 0 ? "+" : ""}${round(v, 3)}`;
const x = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? "—" : `${v.toFixed(2)}×`);

/** One line per link and variant, for the console. */
export function glassSummary(d: GlassResult): string[] {
  const lines = d.summaries.map(
    (s) =>
      `  glass to glass, ${s.link}, ${s.variant}: mean ${ms(s.meanMs)} ms, p50 ${ms(s.p50Ms)}, p95 ${ms(s.p95Ms)}, p99 ${ms(s.p99Ms)}` +
      (s.ratio ? ` (${x(s.ratio.meanMs)} / ${x(s.ratio.p95Ms)} the floor's mean / p95)` : "") +
      (s.overlayMs !== undefined
        ? `; viewer's stats panel ${ms(s.overlayMs)} ms (${signed(s.overlayMs - s.p50Ms)} vs p50)`
        : "") +
      `; ${s.width}×${s.height} at ${s.fps.toFixed(1)} fps, ${s.stalls} stall(s) > 500 ms`,
  );
  const same = sameStartLines(d);
  if (same.length) lines.push(`  glass to glass, ${SAME_START} ${same.join("; ")}`);
  const low = lowDelayLines(d);
  if (low.length) lines.push(`  glass to glass, ${LOW_DELAY} ${low.join("; ")}`);
  for (const e of d.errors) lines.push(`  glass to glass: ${e}`);
  const failed = d.runs.filter((r) => r.error);
  for (const r of failed) lines.push(`  glass to glass, ${r.link} round ${r.round} ${r.variant}: failed: ${r.error}`);
  return lines;
}

function summaryTable(summaries: readonly GlassSummary[]): string {
  const head =
    "| link | measured | rounds × s | mean ms | p50 ms | p95 ms | p99 ms | mean / floor | p50 / floor | p95 / floor | p99 / floor | stats panel ms (− p50) | delivered (median; smallest) | fps | stalls > 500 ms (longest gap ms) | round means ms |\n" +
    "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|--:|--:|---|";
  const rows = summaries.map(
    (s) =>
      `| ${s.link} | ${s.variant} | ${s.rounds} × ${s.seconds} | ${ms(s.meanMs)} | ${ms(s.p50Ms)} | ${ms(s.p95Ms)} | ${ms(s.p99Ms)} | ${x(s.ratio?.meanMs)} | ${x(s.ratio?.p50Ms)} | ${x(s.ratio?.p95Ms)} | ${x(s.ratio?.p99Ms)} | ${s.overlayMs === undefined ? "—" : `${ms(s.overlayMs)} (${signed(s.overlayMs - s.p50Ms)})`} | ${s.width}×${s.height}; ${s.minWidth}×${s.minHeight} | ${s.fps.toFixed(1)} | ${s.stalls} (${ms(s.longestGapMs)}) | ${s.roundMeans.join(", ")} |`,
  );
  return [head, ...rows].join("\n");
}

function traceTable(summaries: readonly GlassSummary[]): string {
  const head =
    "| link | measured | captured → received ms | encode ms | pacer ms | received → presented ms | jitter buffer ms (target) | decode ms | presented → display ms | video kbit/s | freezes (ms) | NACK / PLI / lost | limited by |\n" +
    "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|---|";
  const rows = summaries.map((s) => {
    const t = s.trace;
    return `| ${s.link} | ${s.variant} | ${ms(s.toReceiveMs)} | ${ms(t.encodeMs)} | ${ms(t.packetSendDelayMs)} | ${ms(s.receiveToPresentMs)} | ${ms(t.jitterBufferMs)} (${ms(t.jitterBufferTargetMs)}) | ${ms(t.decodeMs)} | ${ms(s.presentToDisplayMs)} | ${ms(t.kbps)} | ${t.freezes ?? "—"} (${ms(t.freezesMs)}) | ${t.nacks ?? "—"} / ${t.plis ?? "—"} / ${t.packetsLost ?? "—"} | ${t.qualityLimitation ?? "—"} |`;
  });
  return [head, ...rows].join("\n");
}

const shaped = (r: GlassRun) =>
  r.shapedBytes === undefined ? "—" : `${(r.shapedBytes / 1e6).toFixed(1)} (${r.shapedDrops ?? 0})`;

function runsTable(d: GlassResult): string {
  const head =
    "| link | round | slot | measured | mean ms | p50 | p95 | p99 | frames (unreadable, unmatched) | fps | delivered | stalls | codec | path | through the shaper MB (drops) | machine busy | error |\n" +
    "|---|--:|--:|---|--:|--:|--:|--:|---|--:|---|--:|---|---|--:|--:|---|";
  const rows = d.runs.map((r) => {
    const f = r.figures;
    return f
      ? `| ${r.link} | ${r.round} | ${r.slot} | ${r.variant} | ${ms(f.meanMs)} | ${ms(f.p50Ms)} | ${ms(f.p95Ms)} | ${ms(f.p99Ms)} | ${f.frames} (${f.unreadable}, ${f.unmatched}) | ${f.fps.toFixed(1)} | ${f.width}×${f.height} | ${f.stalls} | ${r.codec ?? "—"} | ${r.path ?? "—"} | ${shaped(r)} | ${r.machineBusy ?? "—"} |  |`
      : `| ${r.link} | ${r.round} | ${r.slot} | ${r.variant} | | | | | | | | | | | | | ${r.error ?? ""} |`;
  });
  return [head, ...rows].join("\n");
}

export const GLASS_METHOD = `Method (bench/glass/, issue 20). A generated clip (1280×720, 30 fps, its length in the table's caption; it
loops) whose every frame carries its own index as two rows of 80-pixel black and white blocks (the index and its
complement, so a blurred or half-decoded picture reads as no index, never a wrong one) over a detailed picture that
pans 3 px a frame with fresh grain in a moving band (an encoder's kind of work; a still picture would cost no bits)
is Chromium's fake camera (\`--use-file-for-fake-video-capture\`). The camera page taps every video track
getUserMedia hands out (a clone through a \`MediaStreamTrackProcessor\`), reads each frame's index and keeps its
capture time: the frame's \`timestamp\`, put on the page's clock by the quickest hand-off seen in the run (about a
millisecond after capture, whenever the page's busy main thread got round to reading it);
the viewer notes, for every frame it presents, the \`requestVideoFrameCallback\` \`expectedDisplayTime\` and the index
read back from the \`<video>\` in that callback. Both pages run in one Chromium (one clock): a frame's delay is its
expected display time on the viewer minus its capture time on the camera page. codecam: the production pages and server
(the viewer opens \`/viewer?code=\`, the camera page its QR link \`/camera?code=&autostart=1#v=…\`, as in the first-frame figure);
"codecam, low delay": the same, the viewer opened with \`&delay=low\` (its Low delay setting: the phone sends that
laptop at most 360 lines, \`maintain-framerate\`). The
floor: two bare \`RTCPeerConnection\`s in two pages of the same kinds (a phone-sized one for the camera, with a local
preview, and a laptop-sized one for the viewer), the same getUserMedia constraints (720p, 30 fps, video only),
browser defaults otherwise (codec, start bitrate, jitter buffer), whole descriptions carried by Playwright, no server
at all. Rounds interleave codecam and the floor (the order rotating), each run after a warm-up; figures are means
over the rounds of each run's mean and percentiles, ratios are codecam's over the floor's on the same link.

Included: the capture pipeline's hand-off of the frame to the page and to WebRTC, encoding, packetization and pacing, the network
path, the jitter buffer, decoding and the viewer's compositor up to the frame's expected display. Excluded: a real
phone's sensor, ISP and camera driver (tens of ms on phones), the laptop screen's scan-out and pixel response (one
refresh or more), and the radio: the link here is loopback. Headless Chromium composites at 60 Hz, so a frame's
display time lands on a 16.7 ms grid and a round's mean moves with where frames fall on it: compare means over
rounds.

Shaped links: both pages share one network namespace (e2e/isolated.sh), so every packet between them, whichever
candidate ICE picks (127.0.0.1 or the veth's address, both this host's), is routed through \`lo\`. The shaper
sits there: an htb root on \`lo\` sends UDP (RTP, RTCP, STUN: the media) through a \`tbf\` at the link's rate with
a ${QUEUE_MS} ms queue; TCP (page loads, the signaling WebSocket) passes unshaped. The bytes through the tbf are
recorded per run as proof the media went through it. This kernel has no netem: no added delay, loss or jitter, only
the rate and its queue. Delivered resolution and frame rate are what the viewer presented in the window.
Frames the viewer presented whose index the camera page's reader never got (it skips frames while the page's main
thread is busy) are counted as unmatched and left out; the runs table gives their number.
The stats panel column is what codecam's viewer itself shows a person for a real phone (client/lib/rtc/delay/:
NTP-style clock exchanges over the data channel, the camera's capture times by RTP timestamp from an encoded
transform, matched to \`requestVideoFrameCallback\`'s \`rtpTimestamp\`; no shared clock used): the bench opens the panel and
notes its "Delay" row every 0.5 s; the column is the median of the figures shown in the window, mean over rounds,
beside the frame-identity p50 of the same window (issue 20's target: within 15 ms).
"Where the time goes" is per-frame means over the same window from getStats (encode time, pacer delay, jitter
buffer, decode) and the viewer's \`receiveTime\`/\`presentationTime\`.`;

/** `over`'s figures over `under`'s, per link where both were measured: "link mean× / p50× / p95× / p99×". */
function ratioLines(d: GlassResult, over: string, under: string): string[] {
  const out: string[] = [];
  for (const c of d.summaries.filter((s) => s.variant === over)) {
    const f = d.summaries.find((s) => s.link === c.link && s.variant === under);
    if (!f) continue;
    const r = (k: "meanMs" | "p50Ms" | "p95Ms" | "p99Ms") => x(c[k] / f[k]);
    out.push(`${c.link} ${r("meanMs")} / ${r("p50Ms")} / ${r("p95Ms")} / ${r("p99Ms")}`);
  }
  return out;
}

/** codecam over the floor that starts at codecam's bitrate (so sends the same resolution), per link. */
export function sameStartLines(d: GlassResult): string[] {
  return ratioLines(d, CODECAM.name, FLOOR_SAME_START.name);
}
const SAME_START = "codecam over the floor started at codecam's bitrate (the same resolution), mean / p50 / p95 / p99:";

/** codecam with the viewer's Low delay on over codecam as it starts (Low delay off), per link. */
export function lowDelayLines(d: GlassResult): string[] {
  return ratioLines(d, CODECAM_LOW_DELAY.name, CODECAM.name);
}
const LOW_DELAY = "codecam with Low delay over codecam without, mean / p50 / p95 / p99:";

export function glassMarkdown(d: GlassResult): string {
  const seconds = [...new Set(Object.values(d.secondsByLink))].join(" / ");
  const same = sameStartLines(d);
  const low = lowDelayLines(d);
  return [
    `Clip ${d.clip.width}×${d.clip.height} at ${d.clip.fps} fps, ${d.clip.seconds} s (looping); ${d.rounds} interleaved round(s) per link, ${seconds} s measured per run after ${d.warmupSeconds} s of warm-up.`,
    "",
    summaryTable(d.summaries),
    "",
    ...(same.length ? [`${SAME_START} ${same.join("; ")}.`, ""] : []),
    ...(low.length ? [`${LOW_DELAY} ${low.join("; ")}.`, ""] : []),
    "Where the time goes (medians per frame for the first three times, means per frame from getStats for the rest, means over rounds):",
    "",
    traceTable(d.summaries),
    "",
    GLASS_METHOD,
    "",
    "Every run:",
    "",
    runsTable(d),
    ...(d.errors.length ? ["", `Not measured: ${d.errors.join("; ")}.`] : []),
  ].join("\n");
}
