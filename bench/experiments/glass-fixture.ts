// Records the inputs the glass-to-glass unit tests replay: one floor run on loopback with its raw page records and
// its data-channel ping exchanges, trimmed to a few seconds. Run through the namespace, as the bench is:
//   npm run build:client && sh e2e/isolated.sh node --import tsx bench/experiments/glass-fixture.ts
// Writes bench/glass/recorded-run.json (analyze.test.ts) and client/lib/rtc/delay/recorded-call.json
// (frame-match.test.ts, clock-offset.test.ts).
import { writeFileSync } from "node:fs";
import path from "node:path";
import { ROOT } from "../servers.js";
import { CAMERA_FIELDS, captureClock, VIEWER_FIELDS } from "../glass/analyze.js";
import { FLOOR, measureGlass } from "../glass/measure.js";
import { LOOPBACK } from "../glass/shape.js";

const FRAMES = 90;
const PINGS = 40;

const result = await measureGlass({
  variants: [FLOOR],
  links: [LOOPBACK],
  rounds: 1,
  seconds: 6,
  warmupSeconds: 3,
  clipSeconds: 20,
  fromSource: false,
  buildClient: false,
  keepRecords: true,
});
const rec = result.runs[0]?.records;
if (!rec) throw new Error(`no records: ${result.runs[0]?.error ?? "?"}`);

// The viewer's first FRAMES presented frames in the window.
const view: number[] = [];
for (let i = 0; i + VIEWER_FIELDS <= rec.view.length && view.length < FRAMES * VIEWER_FIELDS; i += VIEWER_FIELDS)
  if (rec.view[i + 1]! >= rec.from) view.push(...rec.view.slice(i, i + VIEWER_FIELDS));
const first = view[1]!;
const last = view[view.length - VIEWER_FIELDS + 1]!;
// The camera's records from 3 s before the first frame shown, with the one that sets the capture clock (analyze.ts).
const cam: number[] = [];
const toPage = captureClock(rec.cam);
for (let i = 0; i + CAMERA_FIELDS <= rec.cam.length; i += CAMERA_FIELDS) {
  const keep = rec.cam[i + 1]! >= first - 3000 && rec.cam[i + 1]! <= last;
  if (keep || rec.cam[i + 1]! - rec.cam[i + 2]! === toPage) cam.push(...rec.cam.slice(i, i + CAMERA_FIELDS));
}
const r3 = (v: number) => Math.round(v * 1000) / 1000;
writeFileSync(
  path.join(ROOT, "bench/glass/recorded-run.json"),
  `${JSON.stringify({ note: "bench/experiments/glass-fixture.ts: a floor run on loopback", from: r3(first), to: r3(last), cam: cam.map(r3), view: view.map((v) => (Number.isNaN(v) ? null : r3(v))) })}\n`,
);

// What a camera would report (RTP timestamp, capture time) and what the viewer saw (RTP timestamp, display time):
// the same frames, joined here by the index they carry.
const sentAt = new Map<number, number>();
for (let i = 0; i < cam.length; i += CAMERA_FIELDS) if (cam[i]! >= 0) sentAt.set(cam[i]!, cam[i + 2]! + toPage);
const reports: Array<[number, number]> = [];
const presentations: Array<[number, number]> = [];
for (let i = 0; i < view.length; i += VIEWER_FIELDS) {
  const [index, displayAt, , , rtp] = view.slice(i, i + VIEWER_FIELDS) as number[];
  if (!Number.isFinite(rtp)) continue;
  presentations.push([rtp!, r3(displayAt!)]);
  const t = sentAt.get(index!);
  if (index! >= 0 && t !== undefined) reports.push([rtp!, r3(t)]);
}
writeFileSync(
  path.join(ROOT, "client/lib/rtc/delay/recorded-call.json"),
  `${JSON.stringify({
    note: "bench/experiments/glass-fixture.ts: two bare RTCPeerConnections in one Chromium on loopback (one clock); reports are [rtpTimestamp, capture ms], presentations [rtpTimestamp, expected display ms], pings [t0, t1, t2, t3] ms",
    reports,
    presentations,
    pings: rec.pings.slice(0, PINGS).map((p) => p.map(r3)),
  })}\n`,
);
console.log(
  `recorded ${view.length / VIEWER_FIELDS} frames, ${reports.length} reports, ${Math.min(PINGS, rec.pings.length)} pings`,
);
