// Clock text ("1:05") and a once-a-second ticker for what counts down on screen.

/** m:ss for a number of seconds (never negative). */
export function formatClock(totalSeconds: number): string {
  const s = Math.max(0, Math.ceil(totalSeconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${ss}` : `${m}:${ss}`;
}

/**
 * Runs `tick` once a second while switched on (a rate limit counting down on screen). `set(true)` again while
 * running changes nothing, so a render can call it every time.
 */
export function everySecondWhile(tick: () => void): { set(on: boolean): void } {
  let timer: ReturnType<typeof setInterval> | undefined;
  return {
    set(on) {
      if (on && timer === undefined) timer = setInterval(tick, 1_000);
      else if (!on && timer !== undefined) {
        clearInterval(timer);
        timer = undefined;
      }
    },
  };
}
