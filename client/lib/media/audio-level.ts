// A live audio level (0..1) of a stream's first audio track, from a Web Audio AnalyserNode: the pages' meter
// shows that the microphone really picks something up.

/**
 * Calls `onLevel` about 12 times a second with the RMS level of `stream`'s audio, scaled so speech at a normal
 * distance fills most of the meter. Returns a function that stops it and frees the audio graph.
 */
export function watchAudioLevel(stream: MediaStream, onLevel: (level: number) => void): () => void {
  if (typeof AudioContext === "undefined" || stream.getAudioTracks().length === 0) return () => {};
  const context = new AudioContext();
  const source = context.createMediaStreamSource(stream);
  const analyser = context.createAnalyser();
  analyser.fftSize = 512;
  source.connect(analyser); // not to the destination: the meter must not play the sound
  const samples = new Float32Array(analyser.fftSize);
  // An AudioContext made without a click starts suspended in some browsers; the pages call this after one.
  void context.resume().catch(() => {});
  const timer = setInterval(() => {
    analyser.getFloatTimeDomainData(samples);
    let sum = 0;
    for (const x of samples) sum += x * x;
    const rms = Math.sqrt(sum / samples.length);
    onLevel(Math.min(1, rms * 4));
  }, 80);
  return () => {
    clearInterval(timer);
    source.disconnect();
    void context.close().catch(() => {});
  };
}

/** Shows a level on a `.meter` element (its CSS draws `--level` as a bar). */
export function showLevel(meter: HTMLElement, level: number): void {
  meter.style.setProperty("--level", level.toFixed(2));
  meter.dataset.active = String(level > 0.02);
}
