// Reading two V8 heap snapshots, before and after N idle sockets: which classes a socket adds, and how many bytes.
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Target } from "../drivers.js";
import { ROOT } from "../servers.js";
import { round } from "../stats.js";

interface HeapSnapshotFile {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] }; node_count: number };
  nodes: number[];
  strings: string[];
}

/** Self size and count per class (constructor name for objects, "(kind)" for the rest). */
export function heapByClass(file: string): Map<string, { count: number; size: number }> {
  const snap = JSON.parse(readFileSync(file, "utf8")) as HeapSnapshotFile;
  const fields = snap.snapshot.meta.node_fields;
  const types = snap.snapshot.meta.node_types[0];
  const stride = fields.length;
  const iType = fields.indexOf("type");
  const iName = fields.indexOf("name");
  const iSize = fields.indexOf("self_size");
  const out = new Map<string, { count: number; size: number }>();
  const nodes = snap.nodes;
  for (let i = 0; i < nodes.length; i += stride) {
    const type = types[nodes[i + iType]!]!;
    const name = snap.strings[nodes[i + iName]!]!;
    let key: string;
    switch (type) {
      case "object":
      case "native":
        key = name;
        break;
      case "closure":
        key = `${name || "(anonymous)"}()`;
        break;
      case "string":
      case "concatenated string":
      case "sliced string":
        key = "(string)";
        break;
      case "array":
        key = `(array) ${name}`;
        break;
      case "code":
        key = "(compiled code)";
        break;
      default:
        key = `(${type})`;
    }
    const entry = out.get(key) ?? { count: 0, size: 0 };
    entry.count++;
    entry.size += nodes[i + iSize]!;
    out.set(key, entry);
  }
  return out;
}

export interface HeapSummary {
  target: Target;
  sockets: number;
  rssKbPerSocket: number;
  /** JS heap (self sizes of every node) added per socket, bytes. */
  heapBytesPerSocket: number;
  /** Classes that grew, per socket: objects and bytes. */
  perSocket: Array<{ cls: string; objects: number; bytes: number }>;
  files: string[];
}

export function diffHeaps(
  target: Target,
  sockets: number,
  rssKbPerSocket: number,
  before: string,
  after: string,
  top = 20,
): HeapSummary {
  const a = heapByClass(before);
  const b = heapByClass(after);
  const rows: Array<{ cls: string; objects: number; bytes: number }> = [];
  let total = 0;
  for (const [cls, e] of b) {
    const base = a.get(cls) ?? { count: 0, size: 0 };
    total += e.size - base.size;
    rows.push({ cls, objects: (e.count - base.count) / sockets, bytes: (e.size - base.size) / sockets });
  }
  for (const [cls, base] of a) if (!b.has(cls)) total -= base.size;
  return {
    target,
    sockets,
    rssKbPerSocket: round(rssKbPerSocket, 4),
    heapBytesPerSocket: round(total / sockets, 5),
    perSocket: rows
      .filter((r) => r.bytes > 0)
      .sort((x, y) => y.bytes - x.bytes)
      .slice(0, top)
      .map((r) => ({ cls: r.cls, objects: round(r.objects, 3), bytes: round(r.bytes, 4) })),
    files: [path.relative(ROOT, before), path.relative(ROOT, after)],
  };
}
