// Saving what the viewer sees: a PNG snapshot of the current frame, a WebM recording, and the download.

/** A file name like codecam-2024-05-01-14-03-22.png, sortable and free of characters some systems reject. */
export function timestampedName(ext: string, date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  const stamp = `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}-${pad(date.getHours())}-${pad(date.getMinutes())}-${pad(date.getSeconds())}`;
  return `codecam-${stamp}.${ext}`;
}

/** Starts a download of `blob` as `name`. */
export function downloadBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  // Revoking at once can cancel the download in some browsers; a minute is plenty for it to start.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** The video's current frame at its full resolution (not the on-screen size), as PNG. */
export async function snapshotPng(video: HTMLVideoElement): Promise<Blob> {
  if (!video.videoWidth) throw new Error("no picture yet");
  const canvas = document.createElement("canvas");
  canvas.width = video.videoWidth;
  canvas.height = video.videoHeight;
  const ctx = canvas.getContext("2d");
  if (!ctx) throw new Error("canvas 2D is not available");
  ctx.drawImage(video, 0, 0, canvas.width, canvas.height);
  return new Promise((resolve, reject) =>
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error("could not encode PNG"))), "image/png"),
  );
}

/**
 * Makes a MediaRecorder WebM seekable: MediaRecorder writes a live stream, with no duration and no cues (the
 * index players seek by), so players show no length and cannot jump. ts-ebml reads the file, and writes the
 * header again with both. Loaded on demand: only a saved recording pays for it. Anything else comes back as it was.
 */
export async function makeSeekable(blob: Blob): Promise<Blob> {
  if (!blob.type.includes("webm") || blob.size === 0) return blob;
  // ts-ebml uses Node's Buffer; the browser gets the `buffer` package's, before ts-ebml loads.
  const { Buffer } = await import("buffer");
  (globalThis as { Buffer?: unknown }).Buffer ??= Buffer;
  const { Decoder, Reader, tools } = await import("ts-ebml");
  const data = await blob.arrayBuffer();
  const reader = new Reader();
  reader.logging = false;
  reader.drop_default_duration = false;
  for (const element of new Decoder().decode(data)) reader.read(element);
  reader.stop();
  const header = tools.makeMetadataSeekable(reader.metadatas, reader.duration, reader.cues);
  return new Blob([header, data.slice(reader.metadataSize)], { type: blob.type });
}

/** WebM first (what the issue asks for, and Chrome/Firefox write it); Safari only writes MP4. */
const RECORDING_TYPES = ["video/webm;codecs=vp9,opus", "video/webm;codecs=vp8,opus", "video/webm", "video/mp4"];

export function recordingSupported(): boolean {
  return typeof MediaRecorder !== "undefined" && RECORDING_TYPES.some((t) => MediaRecorder.isTypeSupported(t));
}

/** One recording of a MediaStream into memory, handed back as a Blob on stop(). */
export class Recording {
  readonly startedAt = performance.now();
  readonly mimeType: string;
  readonly #recorder: MediaRecorder;
  readonly #chunks: Blob[] = [];
  readonly #done: Promise<Blob>;

  constructor(stream: MediaStream) {
    const mimeType = RECORDING_TYPES.find((t) => MediaRecorder.isTypeSupported(t)) ?? "";
    this.#recorder = new MediaRecorder(stream, mimeType ? { mimeType } : {});
    this.mimeType = this.#recorder.mimeType || mimeType || "video/webm";
    this.#done = new Promise((resolve, reject) => {
      this.#recorder.addEventListener("dataavailable", (e) => {
        if (e.data.size > 0) this.#chunks.push(e.data);
      });
      this.#recorder.addEventListener("stop", () => resolve(new Blob(this.#chunks, { type: this.mimeType })));
      this.#recorder.addEventListener("error", (e) => reject((e as ErrorEvent).error ?? new Error("recording failed")));
    });
    // One-second chunks: a tab that crashes mid-recording loses at most a second, and memory grows smoothly.
    this.#recorder.start(1_000);
  }

  get extension(): string {
    return this.mimeType.includes("mp4") ? "mp4" : "webm";
  }
  get recording(): boolean {
    return this.#recorder.state === "recording";
  }
  get elapsedSeconds(): number {
    return (performance.now() - this.startedAt) / 1000;
  }

  stop(): Promise<Blob> {
    if (this.#recorder.state !== "inactive") this.#recorder.stop();
    return this.#done;
  }
}
