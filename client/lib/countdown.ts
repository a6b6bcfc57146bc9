// A live "expires in 9:41" countdown to a code's expiry, ticking once a second.

/** m:ss for a number of seconds (never negative). */
export function formatClock(totalSeconds: number): string {
  const s = Math.max(0, Math.ceil(totalSeconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${ss}` : `${m}:${ss}`;
}

/**
 * Shows the time left until `expiresAt` in `el` and calls `onExpired` once it reaches zero. The time is
 * recomputed from the clock on every tick rather than counted down, so a throttled background tab stays right.
 * Returns a function that stops it.
 */
export function startCountdown(el: HTMLElement, expiresAt: number, onExpired: () => void): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const tick = () => {
    const left = (expiresAt - Date.now()) / 1000;
    el.textContent = formatClock(left);
    el.dataset.urgent = String(left <= 60);
    if (left <= 0) return onExpired();
    // Align ticks to whole seconds of the remaining time so the display never skips a second.
    timer = setTimeout(tick, ((left * 1000) % 1000) + 20);
  };
  tick();
  return () => clearTimeout(timer);
}
