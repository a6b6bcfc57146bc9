// The camera page's DOM side: finds its elements once and applies a presented view. The only file of this
// page that writes to the DOM (besides the code boxes, the meter and the toast, which own their elements).
import { $, renderCodeDigits, setStatus } from "../lib/ui/dom.js";
import { plural, spaced } from "../lib/messages.js";
import { COMPARE_TEXT, NOT_SCANNED_TEXT, REQUEST_TEXT, type CameraView } from "./present.js";

export function cameraElements() {
  return {
    roomChip: $("room-chip"),
    stage: $("stage"),
    preview: $<HTMLVideoElement>("preview"),
    liveBadge: $("live-badge"),
    viewersBadge: $("viewers-badge"),
    viewersCount: $("viewers-count"),
    placeholder: $("placeholder"),
    start: $<HTMLButtonElement>("start"),
    startHint: $("start-hint"),
    blocked: $("blocked"),
    blockedTitle: $("blocked-title"),
    blockedBody: $("blocked-body"),
    blockedLink: $<HTMLAnchorElement>("blocked-link"),
    retry: $<HTMLButtonElement>("retry"),
    status: $("status"),
    pairPanel: $("pair-panel"),
    codeInput: $("code-input"),
    codeError: $("code-error"),
    createCode: $<HTMLButtonElement>("create-code"),
    sharePanel: $("share-panel"),
    viewerUrl: $("viewer-url"),
    viewerUrlSmall: $("viewer-url-small"),
    codeSmall: $("code-small"),
    shareBig: $("share-big"),
    shareSmall: $("share-small"),
    shareFull: $("share-full"),
    code: $("code"),
    controls: $("controls"),
    mic: $<HTMLButtonElement>("mic"),
    micIcon: $("mic-icon"),
    micLabel: $("mic-label"),
    micMeter: $("mic-meter"),
    mirror: $<HTMLButtonElement>("mirror"),
    stop: $<HTMLButtonElement>("stop"),
    stopLabel: $("stop-label"),
    switch: $<HTMLButtonElement>("switch"),
    settingsToggle: $<HTMLButtonElement>("settings-toggle"),
    settings: $("settings"),
    cameraSelect: $<HTMLSelectElement>("camera-select"),
    quality: $<HTMLSelectElement>("quality"),
    fps: $<HTMLSelectElement>("fps"),
    actual: $("actual"),
    requests: $("requests"),
    members: $("members"),
    memberList: $("member-list"),
    forgetHint: $("forget-hint"),
    forgetLaptops: $<HTMLButtonElement>("forget-laptops"),
  };
}
export type CameraElements = ReturnType<typeof cameraElements>;

/** What the page shows that is not data: the camera's stream in the preview, the secure page's address. */
export interface CameraLive {
  stream: MediaStream | undefined;
  secureHref: string;
}

export function renderCamera(el: CameraElements, v: CameraView, live: CameraLive): void {
  document.body.dataset.view = v.view;
  const stream = live.stream ?? null;
  if (el.preview.srcObject !== stream) {
    el.preview.srcObject = stream;
    if (stream) void el.preview.play().catch(() => {});
  }
  setStatus(el.status, v.status.text, v.status.tone, v.status.name);

  const { stage, share, controls } = v;
  el.stage.dataset.camera = stage.cameraOn ? "on" : "off";
  el.stage.dataset.mirror = String(stage.mirror);
  el.placeholder.hidden = !stage.placeholder;
  el.start.disabled = stage.startBusy;
  el.start.textContent = stage.startLabel;
  el.startHint.textContent = stage.startHint;
  el.blocked.hidden = !stage.blocked;
  if (stage.blocked) {
    el.blockedTitle.textContent = stage.blocked.title;
    el.blockedBody.textContent = stage.blocked.body;
    el.blockedLink.hidden = !stage.blocked.secureLink;
    if (stage.blocked.secureLink) el.blockedLink.href = live.secureHref;
    el.retry.hidden = !stage.blocked.retry;
  }
  el.liveBadge.hidden = !stage.liveBadge;
  el.viewersBadge.hidden = stage.viewersBadge === undefined;
  el.viewersCount.textContent = String(stage.viewersBadge ?? 0);
  el.viewersBadge.setAttribute("aria-label", plural(stage.viewersBadge ?? 0, "viewer"));

  el.pairPanel.hidden = share.panel !== "pair";
  el.sharePanel.hidden = share.panel !== "share";
  el.sharePanel.dataset.compact = String(!share.big);
  el.shareBig.hidden = !share.big;
  el.shareSmall.hidden = share.big || share.full !== undefined;
  el.shareFull.hidden = share.full === undefined;
  el.shareFull.textContent = share.full ?? "";
  el.viewerUrl.textContent = share.viewerUrl;
  el.viewerUrlSmall.textContent = share.viewerUrl;
  if (share.code) {
    el.codeSmall.textContent = spaced(share.code);
    if (el.code.dataset.code !== share.code) renderCodeDigits(el.code, share.code);
  }
  el.roomChip.hidden = share.chip === undefined;
  el.roomChip.textContent = share.chip ?? "";
  el.codeError.hidden = share.error === undefined;
  el.codeError.textContent = share.error ?? "";
  el.codeInput.setAttribute("aria-invalid", String(share.error !== undefined));
  el.createCode.disabled = share.createBusy;

  el.controls.hidden = !controls.shown;
  el.switch.hidden = !controls.switchShown;
  el.switch.disabled = controls.switchBusy;
  el.mic.disabled = controls.micBusy;
  el.mic.setAttribute("aria-pressed", String(controls.micOn));
  el.mic.title = controls.micOn ? "Microphone on: viewers hear this phone" : "Microphone off";
  el.micIcon.setAttribute("href", `/icons.svg#${controls.micOn ? "mic" : "mic-off"}`);
  el.micLabel.textContent = controls.micLabel;
  el.micMeter.hidden = !controls.meter;
  el.mirror.setAttribute("aria-pressed", String(controls.mirror));
  el.stop.setAttribute("aria-label", controls.stopTitle);
  el.stop.title = controls.stopTitle;
  el.stopLabel.textContent = controls.stopLabel;
  el.settings.hidden = !controls.settingsShown;
  el.settingsToggle.setAttribute("aria-pressed", String(controls.settingsOpen));
  el.settingsToggle.setAttribute("aria-expanded", String(controls.settingsOpen));
  el.actual.textContent = controls.actual;
  renderCameraOptions(el.cameraSelect, controls.cameras);
  el.quality.value = controls.quality;
  el.fps.value = controls.fps;
  el.forgetHint.textContent = controls.forget.hint;
  el.forgetLaptops.disabled = !controls.forget.enabled;
  renderRequests(el.requests, v.requests);
  el.members.hidden = v.members.length === 0;
  renderMembers(el.memberList, v.members);
}

/**
 * One card per request, kept by viewer id so a re-render never resets a box the holder is about to tick.
 * Buttons carry data-action; main.ts listens on the container.
 */
function renderRequests(root: HTMLElement, requests: CameraView["requests"]): void {
  const cards = keyed(root, requests, (id) => {
    const card = document.createElement("section");
    card.className = "request-card";
    card.setAttribute("role", "group");
    card.innerHTML = `
      <p class="request-title"></p>
      <p class="request-warning" hidden></p>
      <p class="sas-words" data-sas-words></p>
      <p class="hint request-compare"></p>
      <label class="check"><input type="checkbox" data-action="remember" /> Remember this laptop</label>
      <div class="request-actions">
        <button class="btn btn-danger" type="button" data-action="deny">Deny</button>
        <button class="btn btn-primary" type="button" data-action="allow">Allow</button>
      </div>`;
    // The id comes from the server: it goes into attributes through the DOM, never into markup.
    const title = card.querySelector<HTMLElement>(".request-title")!;
    title.id = `request-${id.replace(/[^\w-]/g, "_")}`;
    card.setAttribute("aria-labelledby", title.id);
    return card;
  });
  for (const [card, request] of cards) {
    text(card, ".request-title", REQUEST_TEXT);
    const warning = card.querySelector<HTMLElement>(".request-warning")!;
    warning.hidden = !request.notScanned;
    warning.textContent = NOT_SCANNED_TEXT;
    text(card, "[data-sas-words]", request.words);
    text(card, ".request-compare", COMPARE_TEXT);
    card.querySelector<HTMLInputElement>("input[data-action=remember]")!.checked = request.remember;
  }
}

function renderMembers(root: HTMLElement, members: CameraView["members"]): void {
  const items = keyed(root, members, () => {
    const item = document.createElement("li");
    item.className = "member";
    item.innerHTML = `<span class="member-label"></span>
      <button class="btn btn-sm btn-ghost" type="button" data-action="remove">Remove</button>`;
    return item;
  });
  for (const [item, member] of items) {
    item.dataset.verified = String(member.verified);
    text(item, ".member-label", member.label);
    item.querySelector("button")!.setAttribute("aria-label", member.removeLabel);
  }
}

/** The children of `root` for `entries`, in order, keyed by `data-id`: existing ones kept, others made. */
function keyed<T extends { id: string }>(
  root: HTMLElement,
  entries: readonly T[],
  make: (id: string) => HTMLElement,
): Array<[HTMLElement, T]> {
  const existing = new Map([...root.children].map((c) => [(c as HTMLElement).dataset.id, c as HTMLElement]));
  const pairs = entries.map((entry): [HTMLElement, T] => {
    const node = existing.get(entry.id) ?? make(entry.id);
    node.dataset.id = entry.id;
    return [node, entry];
  });
  const nodes = pairs.map(([node]) => node);
  if (nodes.length !== root.children.length || nodes.some((n, i) => root.children[i] !== n))
    root.replaceChildren(...nodes);
  return pairs;
}

function text(root: HTMLElement, selector: string, value: string): void {
  const node = root.querySelector<HTMLElement>(selector);
  if (node && node.textContent !== value) node.textContent = value;
}

/** The option lists that never change (quality presets, frame rates), filled once at start. */
export function fillChoices(el: CameraElements, qualities: Array<[string, string]>, rates: readonly number[]): void {
  for (const [value, label] of qualities) el.quality.add(new Option(label, value));
  for (const fps of rates) el.fps.add(new Option(`${fps} fps`, String(fps)));
}

function renderCameraOptions(select: HTMLSelectElement, cameras: CameraView["controls"]["cameras"]): void {
  const ids = cameras.options.map((c) => c.deviceId).join();
  if (select.dataset.ids !== ids) {
    select.dataset.ids = ids;
    select.replaceChildren(...cameras.options.map((cam) => new Option(cam.label, cam.deviceId)));
  }
  if (cameras.selected) select.value = cameras.selected;
  select.disabled = !cameras.enabled;
}
