// QR codes as inline SVG (crisp at any size, no canvas), for the link a phone scans.
import QRCode from "qrcode";

/**
 * Renders `text` as a QR code into `el`, with a text alternative for screen readers. Drawing is async: when a
 * newer text is asked for meanwhile, the older drawing is dropped, so the element always ends on the last text.
 */
export async function renderQr(el: HTMLElement, text: string): Promise<void> {
  if (el.dataset.wanted === text) return;
  el.dataset.wanted = text;
  // Level M survives a slightly blurry or glare-covered laptop screen; the quiet zone of 2 modules is enough
  // on the white card the pages put it on.
  const svg = await QRCode.toString(text, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
  if (el.dataset.wanted !== text) return;
  el.innerHTML = svg;
  el.querySelector("svg")?.setAttribute("aria-hidden", "true");
  el.setAttribute("role", "img");
  el.setAttribute("aria-label", `QR code for ${text}`);
  el.dataset.url = text;
}
