// Small DOM helpers shared by the pages: typed element lookup, the status line, and a toast.

/** The element with this id, typed; throws when the page's HTML and its script disagree (a build bug). */
export function $<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`missing #${id} in ${location.pathname}`);
  return el as T;
}

/** Tones of the `.status` component in styles.css. */
export type Tone = "idle" | "busy" | "ok" | "warn" | "error";

/**
 * Sets a status line: one sentence of plain words and a tone. `data-state` carries a stable machine name
 * (e.g. "streaming") so tests and CSS can key on the state without matching prose.
 */
export function setStatus(el: HTMLElement, text: string, tone: Tone, state: string = tone): void {
  if (el.textContent !== text) el.textContent = text;
  el.dataset.tone = tone;
  el.dataset.state = state;
}

let toastTimer: ReturnType<typeof setTimeout> | undefined;

/** A short confirmation near the bottom of the screen ("Link copied"); also read out by screen readers. */
export function toast(text: string): void {
  let el = document.querySelector<HTMLElement>(".toast");
  if (!el) {
    el = document.createElement("div");
    el.className = "toast";
    el.setAttribute("role", "status");
    el.setAttribute("aria-live", "polite");
    document.body.append(el);
  }
  el.textContent = text;
  el.dataset.show = "true";
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => {
    if (el) el.dataset.show = "false";
  }, 1_800);
}

/** Renders a six-digit code as one <span> per digit (the `.code-digits` component). */
export function renderCodeDigits(el: HTMLElement, code: string): void {
  el.replaceChildren(
    ...[...code].map((digit) => {
      const span = document.createElement("span");
      span.textContent = digit;
      return span;
    }),
  );
  el.setAttribute("aria-label", `Code ${[...code].join(" ")}`);
  el.dataset.code = code;
}

/** Copies text, falling back to selecting it where the Clipboard API is missing (plain-http LAN pages). */
export async function copyText(text: string, fallbackInput?: HTMLInputElement): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    if (!fallbackInput) return false;
    fallbackInput.focus();
    fallbackInput.select();
    return document.execCommand("copy");
  }
}
