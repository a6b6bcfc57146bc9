// The diagnostic page's event log: a bounded, newest-first list of every event in and out, with timestamps.

/**
 * Where a log line comes from: an event the server pushed (in), one this page sent (out), the server's ack
 * to one we sent (reply), or the page itself: a connection state change or a local failure (info).
 */
export type LogDirection = "in" | "out" | "reply" | "info";
export type LogTone = "neutral" | "success" | "error";

export interface LogEntry {
  direction: LogDirection;
  /** The wire event name (`join_room`, `offer`...) or a Socket.IO lifecycle name (`connect`, `upgrade`). */
  event: string;
  /** One readable line: what happened, with the values that matter. */
  summary: string;
  tone?: LogTone;
  /** The raw payload, shown folded under the line. */
  payload?: unknown;
}

export interface EventLog {
  add(entry: LogEntry): void;
  clear(): void;
  /** Lines on the page now (at most the limit). */
  readonly size: number;
  /** Lines added since the last clear, including those that dropped off. */
  readonly total: number;
}

/** The log keeps this many lines; older ones drop off so a long session cannot grow the page without bound. */
export const EVENT_LOG_LIMIT = 500;

const DIRECTION_LABEL: Record<LogDirection, string> = { in: "In", out: "Out", reply: "Reply", info: "Info" };

/** Renders log entries into `list` (an `<ol>`), newest first, keeping at most `limit` of them. */
export function createEventLog(list: HTMLOListElement, limit = EVENT_LOG_LIMIT): EventLog {
  let size = 0;
  let total = 0;
  return {
    add(entry) {
      list.prepend(renderEntry(entry, new Date()));
      size += 1;
      total += 1;
      while (size > limit && list.lastElementChild) {
        list.lastElementChild.remove();
        size -= 1;
      }
      list.dataset.empty = "false";
    },
    clear() {
      list.replaceChildren();
      size = 0;
      total = 0;
      list.dataset.empty = "true";
    },
    get size() {
      return size;
    },
    get total() {
      return total;
    },
  };
}

/** One line (time, direction, event, summary); with a payload, the line is a <summary> that unfolds it. */
function renderEntry(entry: LogEntry, at: Date): HTMLLIElement {
  const item = document.createElement("li");
  item.className = `log-entry log-entry--${entry.direction} log-entry--${entry.tone ?? "neutral"}`;
  item.dataset.event = entry.event;
  item.dataset.direction = entry.direction;

  const time = document.createElement("time");
  time.className = "log-entry__time";
  time.dateTime = at.toISOString();
  time.textContent = formatClock(at);

  const direction = document.createElement("span");
  direction.className = "log-entry__direction";
  direction.textContent = DIRECTION_LABEL[entry.direction];

  const name = document.createElement("span");
  name.className = "log-entry__event";
  name.textContent = entry.event;

  const summary = document.createElement("span");
  summary.className = "log-entry__summary";
  summary.textContent = entry.summary;

  if (entry.payload === undefined) {
    const line = document.createElement("div");
    line.className = "log-entry__line";
    line.append(time, direction, name, summary);
    item.append(line);
    return item;
  }
  const details = document.createElement("details");
  const line = document.createElement("summary");
  line.className = "log-entry__line";
  line.title = "Show the payload";
  line.append(time, direction, name, summary);
  const body = document.createElement("pre");
  body.className = "log-entry__payload";
  // A long payload scrolls sideways: keyboard users reach it with Tab and scroll it with the arrow keys.
  body.tabIndex = 0;
  body.textContent = formatPayload(entry.payload);
  details.append(line, body);
  item.append(details);
  return item;
}

/** `HH:MM:SS.mmm` in local time: fine enough to see round trips and ordering between events. */
export function formatClock(at: Date): string {
  const pad = (n: number, width = 2) => String(n).padStart(width, "0");
  return `${pad(at.getHours())}:${pad(at.getMinutes())}:${pad(at.getSeconds())}.${pad(at.getMilliseconds(), 3)}`;
}

function formatPayload(payload: unknown): string {
  if (typeof payload === "string") return payload;
  try {
    return JSON.stringify(payload, null, 2) ?? String(payload);
  } catch {
    return String(payload);
  }
}
