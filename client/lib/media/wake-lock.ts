// Keeps the phone's screen on while it streams: a sleeping phone stops its camera. The browser drops the
// lock whenever the page is hidden, so it is taken again when the page becomes visible.

export class ScreenWakeLock {
  #sentinel: WakeLockSentinel | undefined;
  #wanted = false;

  constructor() {
    document.addEventListener("visibilitychange", () => {
      if (this.#wanted && document.visibilityState === "visible") void this.#acquire();
    });
  }

  /** True when the browser supports it; without it the user may need to keep the screen on by hand. */
  static get supported(): boolean {
    return "wakeLock" in navigator;
  }

  get held(): boolean {
    return this.#sentinel !== undefined && !this.#sentinel.released;
  }

  async enable(): Promise<void> {
    this.#wanted = true;
    await this.#acquire();
  }

  async disable(): Promise<void> {
    this.#wanted = false;
    const sentinel = this.#sentinel;
    this.#sentinel = undefined;
    await sentinel?.release().catch(() => {});
  }

  async #acquire(): Promise<void> {
    if (!ScreenWakeLock.supported || this.held || document.visibilityState !== "visible") return;
    try {
      this.#sentinel = await navigator.wakeLock.request("screen");
    } catch (err) {
      // Battery saver or a permissions policy can refuse it; streaming still works, the screen may dim.
      console.debug("codecam: wake lock refused", err);
    }
  }
}
