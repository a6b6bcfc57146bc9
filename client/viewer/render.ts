// The viewer page's DOM side: finds its elements once and applies a presented view. The only file of this
// page that writes to the DOM (besides the code boxes, the meter and the toast, which own their elements).
import { $, renderCodeDigits, setStatus } from "../lib/ui/dom.js";
import { renderQr } from "../lib/ui/qr.js";
import type { ViewerView } from "./present.js";

export function viewerElements() {
  return {
    status: $("status"),
    roomChip: $("room-chip"),
    leave: $<HTMLButtonElement>("leave"),
    startView: $("start-view"),
    pairingView: $("pairing-view"),
    watchView: $("watch-view"),
    startNotice: $("start-notice"),
    startNoticeTitle: $("start-notice-title"),
    startNoticeBody: $("start-notice-body"),
    startNoticeRetry: $<HTMLButtonElement>("start-notice-retry"),
    createCode: $<HTMLButtonElement>("create-code"),
    codeInput: $("code-input"),
    codeError: $("code-error"),
    pairingTitle: $("pairing-title"),
    pairingHint: $("pairing-hint"),
    qr: $("qr"),
    code: $("code"),
    shareLink: $<HTMLInputElement>("share-link"),
    copyLink: $<HTMLButtonElement>("copy-link"),
    stage: $("stage"),
    video: $<HTMLVideoElement>("video"),
    liveBadge: $("live-badge"),
    recBadge: $("rec-badge"),
    recTime: $("rec-time"),
    stats: $("stats"),
    overlay: $("overlay"),
    overlaySpinner: $("overlay-spinner"),
    overlayTitle: $("overlay-title"),
    overlayBody: $("overlay-body"),
    overlayWords: $("overlay-words"),
    verifiedBadge: $("verified-badge"),
    unmute: $<HTMLButtonElement>("unmute"),
    unmuteIcon: $("unmute-icon"),
    unmuteLabel: $("unmute-label"),
    meter: $("sound-meter"),
    snapshot: $<HTMLButtonElement>("snapshot"),
    record: $<HTMLButtonElement>("record"),
    recordLabel: $("record-label"),
    toggleStats: $<HTMLButtonElement>("toggle-stats"),
    lowDelay: $<HTMLButtonElement>("low-delay"),
    pip: $<HTMLButtonElement>("pip"),
    fullscreen: $<HTMLButtonElement>("fullscreen"),
    fullscreenIcon: $("fullscreen-icon"),
  };
}
export type ViewerElements = ReturnType<typeof viewerElements>;

export function renderViewer(el: ViewerElements, v: ViewerView): void {
  document.body.dataset.view = v.view;
  document.body.dataset.clean = String(v.clean);
  el.startView.hidden = v.view !== "start";
  el.pairingView.hidden = v.view !== "pairing";
  el.watchView.hidden = v.view !== "watch";
  setStatus(el.status, v.status.text, v.status.tone, v.status.name);

  el.roomChip.hidden = v.header.chip === undefined;
  el.roomChip.textContent = v.header.chip ?? "";
  el.leave.hidden = v.header.leave === undefined;
  el.leave.textContent = v.header.leave ?? "Leave";

  const { notice, codeError } = v.start;
  el.startNotice.hidden = notice === undefined;
  el.startNoticeTitle.textContent = notice?.title ?? "";
  el.startNoticeBody.textContent = notice?.body ?? "";
  el.startNoticeRetry.hidden = notice?.retry === undefined;
  el.codeError.hidden = codeError === undefined;
  el.codeError.textContent = codeError ?? "";
  el.codeInput.setAttribute("aria-invalid", String(codeError !== undefined));
  el.createCode.disabled = v.start.createBusy;
  el.createCode.textContent = v.start.createLabel;

  el.pairingTitle.textContent = v.pairing.title;
  el.pairingHint.textContent = v.pairing.hint;
  renderShare(el, v.pairing.share);

  const stream = v.video.stream ?? null;
  if (el.video.srcObject !== stream) el.video.srcObject = stream;
  el.video.muted = v.video.muted;

  const { stage, controls } = v;
  el.stage.dataset.state = stage.state;
  el.stage.dataset.idle = String(stage.idle);
  el.overlay.hidden = stage.overlay === undefined;
  el.overlaySpinner.hidden = !stage.overlay?.spinner;
  el.overlayTitle.textContent = stage.overlay?.title ?? "";
  el.overlayBody.textContent = stage.overlay?.body ?? "";
  el.overlayWords.hidden = stage.overlay?.words === undefined;
  if (el.overlayWords.textContent !== (stage.overlay?.words ?? ""))
    el.overlayWords.textContent = stage.overlay?.words ?? "";
  el.verifiedBadge.hidden = !stage.verified;
  el.liveBadge.hidden = !stage.liveBadge;
  el.recBadge.hidden = stage.recording === undefined;
  el.recTime.textContent = stage.recording ?? "";

  const { sound, record, pip } = controls;
  el.unmute.disabled = !sound.enabled;
  el.unmute.setAttribute("aria-pressed", String(sound.on));
  el.unmuteIcon.setAttribute("href", `/icons.svg#${sound.on ? "volume" : "volume-off"}`);
  el.unmuteLabel.textContent = sound.label;
  el.unmute.title = sound.title;
  el.meter.hidden = !sound.enabled;
  el.snapshot.disabled = !controls.snapshot;
  el.record.disabled = !record.enabled;
  el.record.setAttribute("aria-pressed", String(record.on));
  el.recordLabel.textContent = record.label;
  renderStats(el, controls.stats);
  el.lowDelay.setAttribute("aria-pressed", String(controls.lowDelay));
  el.pip.hidden = !pip.shown;
  el.pip.disabled = !pip.enabled;
  el.pip.setAttribute("aria-pressed", String(pip.on));
  el.fullscreenIcon.setAttribute("href", `/icons.svg#${controls.fullscreen ? "minimize" : "maximize"}`);
  el.fullscreen.setAttribute("aria-label", controls.fullscreen ? "Leave full screen" : "Full screen");
}

/** The code, the link and its QR code; each is redrawn only when it changes (the QR code is drawn async). */
function renderShare(el: ViewerElements, share: ViewerView["pairing"]["share"]): void {
  if (!share) return;
  if (el.code.dataset.code !== share.code) renderCodeDigits(el.code, share.code);
  if (el.shareLink.value !== share.link) el.shareLink.value = share.link;
  void renderQr(el.qr, share.link);
}

/** The stats panel: label/value rows as a <dl>, rebuilt only when a value changed. */
function renderStats(el: ViewerElements, stats: ViewerView["controls"]["stats"]): void {
  el.stats.hidden = !stats.shown;
  el.toggleStats.setAttribute("aria-pressed", String(stats.shown));
  const key = JSON.stringify(stats.rows);
  if (!stats.shown || el.stats.dataset.rows === key) return;
  el.stats.dataset.rows = key;
  el.stats.replaceChildren(
    ...stats.rows.flatMap(([label, value]) => {
      const dt = document.createElement("dt");
      dt.textContent = label;
      const dd = document.createElement("dd");
      dd.textContent = value;
      return [dt, dd];
    }),
  );
}
