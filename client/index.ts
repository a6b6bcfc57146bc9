// Landing page: suggests the role that fits this device, and sends a phone on plain HTTP to the HTTPS address.
import type { ClientConfig } from "../signaling/protocol.js";

type Device = "phone" | "laptop";

/** A touch-first device with a small screen is treated as the phone (camera); anything else as the laptop. */
function guessDevice(): Device {
  const touchFirst = matchMedia("(pointer: coarse)").matches;
  const small = matchMedia("(max-width: 900px)").matches;
  const mobileUa = /Android|iPhone|iPad|iPod|Mobile/i.test(navigator.userAgent);
  return (touchFirst && small) || mobileUa ? "phone" : "laptop";
}

function suggestChoice(device: Device): void {
  for (const choice of document.querySelectorAll<HTMLAnchorElement>(".choice")) {
    const suggested = choice.dataset.device === device;
    choice.classList.toggle("choice-suggested", suggested);
    const tag = choice.querySelector<HTMLElement>(".choice-tag");
    if (tag) tag.hidden = !suggested;
  }
}

/**
 * getUserMedia only exists in a secure context. A phone that opened the LAN address over plain HTTP gets
 * the camera link rewritten to the server's HTTPS origin (GET /api/config `shareOrigin`) and a short note why.
 */
async function pointCameraAtSecureOrigin(): Promise<void> {
  if (window.isSecureContext) return;
  const res = await fetch("/api/config", { headers: { accept: "application/json" } });
  if (!res.ok) return;
  const config = (await res.json()) as Partial<ClientConfig>;
  const origin = config.shareOrigin;
  if (typeof origin !== "string" || !origin.startsWith("https:") || origin === location.origin) return;

  const cameraUrl = new URL("/camera", origin).href;
  const camera = document.getElementById("choose-camera");
  if (camera instanceof HTMLAnchorElement) camera.href = cameraUrl;
  const link = document.getElementById("secure-link");
  if (link instanceof HTMLAnchorElement) {
    link.href = cameraUrl;
    link.textContent = origin;
  }
  const notice = document.getElementById("secure-notice");
  if (notice) notice.hidden = false;
}

suggestChoice(guessDevice());
pointCameraAtSecureOrigin().catch((err: unknown) => {
  // The landing page still works without it; the camera page explains a missing camera itself.
  console.warn("codecam: could not read /api/config", err);
});
