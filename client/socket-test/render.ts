// The DOM side of the diagnostic page: finds its elements once and applies a presented view to them.
import type { SocketTestView } from "./present.js";

function byId<T extends HTMLElement>(id: string, type: { new (): T }): T {
  const el = document.getElementById(id);
  if (!(el instanceof type)) throw new Error(`socket-test.html lacks #${id} as ${type.name}`);
  return el;
}

/** Every element the page script reads or writes. */
export function findElements() {
  return {
    connect: byId("connect", HTMLButtonElement),
    disconnect: byId("disconnect", HTMLButtonElement),
    ping: byId("ping", HTMLButtonElement),
    transportChoice: byId("transport-choice", HTMLSelectElement),
    roomForm: byId("room-form", HTMLFormElement),
    code: byId("code", HTMLInputElement),
    generate: byId("generate", HTMLButtonElement),
    join: byId("join", HTMLButtonElement),
    leave: byId("leave", HTMLButtonElement),
    sendOffer: byId("send-offer", HTMLButtonElement),
    runChecks: byId("run-checks", HTMLButtonElement),
    checkGroups: byId("check-groups", HTMLElement),
    checksSummary: byId("checks-summary", HTMLElement),
    clearLog: byId("clear-log", HTMLButtonElement),
    logCount: byId("log-count", HTMLElement),
    eventLog: byId("event-log", HTMLOListElement),
    connectionState: byId("connection-state", HTMLElement),
    socketId: byId("socket-id", HTMLElement),
    transport: byId("transport", HTMLElement),
    duration: byId("duration", HTMLElement),
    roundTrip: byId("round-trip", HTMLElement),
    messagesIn: byId("messages-in", HTMLElement),
    messagesOut: byId("messages-out", HTMLElement),
    roomState: byId("room-state", HTMLElement),
  };
}

export type Elements = ReturnType<typeof findElements>;

function setText(el: HTMLElement, text: string): void {
  if (el.textContent !== text) el.textContent = text;
}

export function render(el: Elements, view: SocketTestView): void {
  setText(el.connectionState, view.connection.label);
  el.connectionState.dataset.tone = view.connection.tone;
  document.body.dataset.connection = view.connection.state;
  setText(el.socketId, view.socketId);
  setText(el.transport, view.transport);
  setText(el.duration, view.duration);
  setText(el.roundTrip, view.roundTrip);
  setText(el.messagesIn, view.messagesIn);
  setText(el.messagesOut, view.messagesOut);
  setText(el.roomState, view.room.label);
  el.roomState.dataset.tone = view.room.tone;

  el.connect.disabled = !view.enabled.connect;
  el.disconnect.disabled = !view.enabled.disconnect;
  el.transportChoice.disabled = !view.enabled.transportChoice;
  el.ping.disabled = !view.enabled.ping;
  el.join.disabled = !view.enabled.join;
  el.leave.disabled = !view.enabled.leave;
  el.sendOffer.disabled = !view.enabled.sendOffer;
  el.runChecks.disabled = !view.enabled.runChecks;

  setText(el.checksSummary, view.checksSummary);
  renderCheckGroups(el.checkGroups, view.checkGroups);
}

/** One titled list per group; the lists are made once and their rows updated in place. */
function renderCheckGroups(container: HTMLElement, groups: SocketTestView["checkGroups"]): void {
  while (container.children.length > groups.length) container.lastElementChild?.remove();
  groups.forEach((group, i) => {
    let section = container.children[i] as HTMLElement | undefined;
    if (!section) {
      section = document.createElement("div");
      section.className = "st-check-group";
      const title = document.createElement("h3");
      title.id = `check-group-${i}`;
      const list = document.createElement("ol");
      list.className = "st-checks";
      list.setAttribute("aria-labelledby", title.id);
      section.append(title, list);
      container.append(section);
    }
    const [title, list] = section.children as unknown as [HTMLElement, HTMLOListElement];
    setText(title, group.title);
    renderChecks(list, group.checks);
  });
}

function renderChecks(list: HTMLOListElement, checks: SocketTestView["checkGroups"][number]["checks"]): void {
  while (list.children.length > checks.length) list.lastElementChild?.remove();
  checks.forEach((check, i) => {
    let item = list.children[i] as HTMLLIElement | undefined;
    if (!item) {
      item = document.createElement("li");
      item.className = "st-check";
      const name = document.createElement("span");
      name.className = "st-check__name";
      const status = document.createElement("span");
      status.className = "st-check__status";
      const detail = document.createElement("span");
      detail.className = "st-check__detail";
      item.append(name, status, detail);
      list.append(item);
    }
    item.dataset.status = check.status;
    const [name, status, detail] = item.children as unknown as [HTMLElement, HTMLElement, HTMLElement];
    setText(name, check.name);
    setText(status, check.label);
    setText(detail, check.detail);
  });
}
