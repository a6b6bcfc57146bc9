// The diagnostic page's live connection panel: state, socket id, transport, duration, message counts, round trip.
import { formatMs } from "./socket-test.describe.js";

export type ConnectionState = "disconnected" | "connecting" | "connected" | "reconnecting";

export interface StatsElements {
  state: HTMLElement;
  socketId: HTMLElement;
  transport: HTMLElement;
  duration: HTMLElement;
  messagesIn: HTMLElement;
  messagesOut: HTMLElement;
  roundTrip: HTMLElement;
}

const STATE_LABEL: Record<ConnectionState, string> = {
  disconnected: "Disconnected",
  connecting: "Connecting…",
  connected: "Connected",
  reconnecting: "Reconnecting…",
};

/** Tone of the shared `.status` line (client/styles.css) for each state. */
const STATE_TONE: Record<ConnectionState, "idle" | "busy" | "ok" | "warn"> = {
  disconnected: "idle",
  connecting: "busy",
  connected: "ok",
  reconnecting: "warn",
};

const DURATION_TICK_MS = 250;

/** Holds the numbers of the connection panel and writes them to the page whenever they change. */
export class ConnectionStats {
  readonly #el: StatsElements;
  #state: ConnectionState = "disconnected";
  #connectedAt: number | undefined;
  #ticker: ReturnType<typeof setInterval> | undefined;
  #in = 0;
  #out = 0;

  constructor(elements: StatsElements) {
    this.#el = elements;
    this.setState("disconnected");
    this.#renderCounts();
  }

  get state(): ConnectionState {
    return this.#state;
  }

  setState(state: ConnectionState, detail?: string): void {
    this.#state = state;
    this.#el.state.textContent = detail ? `${STATE_LABEL[state]} ${detail}` : STATE_LABEL[state];
    this.#el.state.dataset.tone = STATE_TONE[state];
    document.body.dataset.connection = state;
  }

  /** The socket is up: start the live duration from now. */
  connected(socketId: string, transport: string): void {
    this.setState("connected");
    this.#el.socketId.textContent = socketId;
    this.#el.transport.textContent = transport;
    this.#connectedAt = performance.now();
    this.#renderDuration();
    clearInterval(this.#ticker);
    this.#ticker = setInterval(() => this.#renderDuration(), DURATION_TICK_MS);
  }

  /** Engine.IO moved the connection to a better transport (normally polling → websocket). */
  upgraded(from: string, to: string): void {
    this.#el.transport.textContent = `${to} (upgraded from ${from})`;
  }

  disconnected(state: ConnectionState = "disconnected"): void {
    this.setState(state);
    clearInterval(this.#ticker);
    this.#ticker = undefined;
    this.#connectedAt = undefined;
    this.#el.socketId.textContent = "—";
    this.#el.transport.textContent = "—";
    this.#el.duration.textContent = "—";
  }

  countIn(): void {
    this.#in += 1;
    this.#renderCounts();
  }

  countOut(): void {
    this.#out += 1;
    this.#renderCounts();
  }

  roundTrip(ms: number): void {
    this.#el.roundTrip.textContent = formatMs(ms);
  }

  #renderCounts(): void {
    this.#el.messagesIn.textContent = String(this.#in);
    this.#el.messagesOut.textContent = String(this.#out);
  }

  #renderDuration(): void {
    if (this.#connectedAt === undefined) return;
    this.#el.duration.textContent = formatDuration(performance.now() - this.#connectedAt);
  }
}

/** `0:07`, `12:34`, `1:02:03`: a clock-style duration, whole seconds. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, "0");
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, "0")}:${seconds}` : `${minutes}:${seconds}`;
}
