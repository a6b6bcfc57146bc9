// Property-based: random and almost-right payloads for every client event, from a socket that is in a room with
// a second one. docs/PROTOCOL.md "Error codes": a bad payload never disconnects the sender and never reaches another
// client; what is forwarded is exactly the protocol's fields, with `from` the real sender.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ErrorCode, LIMITS, SIGNAL_EVENTS, type SignalEvent } from "../protocol.js";
import {
  join,
  nextEvent,
  recordEvents,
  request,
  send,
  settle,
  startTestServer,
  type TestClient,
  type TestServer,
} from "../testing/support.js";

const RUNS = 200;
/**
 * The server keeps state between runs (the room, the sockets), so a failure is reported as found, not shrunk: after
 * a disconnect every later payload would "fail" too. The time limit keeps a hung server inside the test timeout.
 */
const FC_OPTS = {
  numRuns: RUNS,
  endOnFailure: true,
  interruptAfterTimeLimit: 12_000,
  markInterruptAsFailure: true,
} as const;

const SIGNAL_FIELD = { offer: "offer", answer: "answer", ice_candidate: "candidate" } as const;
const KNOWN_CODES = new Set<string>(Object.values(ErrorCode));

/** Strings of the sizes around the protocol's limits, and well past them (still far under the transport limit). */
const sizedString = fc
  .constantFrom(0, 1, 63, 64, 65, 256, 257, 2_047, 2_048, 2_049, 65_535, 65_536, 65_537, 70_000)
  .map((n) => "a".repeat(n));

/** Anything JSON-ish or binary, including objects with `__proto__`/`constructor` keys of their own. */
const junk = fc.oneof(
  fc.anything({ maxDepth: 3, withObjectString: true, withNullPrototype: true }),
  fc.object({
    key: fc.oneof(fc.string(), fc.constantFrom("__proto__", "constructor", "prototype", "toString", "polluted")),
    maxDepth: 2,
  }),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.uint8Array({ maxLength: 32 }),
  fc.constantFrom(null, undefined, true, 0, -1, 1.5, Number.NaN, "", [], {}),
  // Looks like a string to a length check; comparing its length with a number throws.
  fc.constantFrom({ length: { toString: "" } }, { length: 3 }, { length: "3" }),
);

/** Hand-built JSON: `__proto__` and `constructor` as own keys at every level a handler reads. */
function pollutionAttempts(code: string, to: string): unknown[] {
  const evil = '{"polluted":"yes","sdpMid":"injected","to":"injected","from":"injected"}';
  const json = [
    `{"__proto__":${evil}}`,
    `{"constructor":{"prototype":${evil}}}`,
    `{"room_code":"${code}","__proto__":${evil},"offer":{"type":"offer","sdp":"v=0"}}`,
    `{"room_code":"${code}","offer":{"__proto__":${evil},"type":"offer","sdp":"v=0"}}`,
    `{"room_code":"${code}","answer":{"type":"answer","sdp":"v=0","constructor":{"prototype":${evil}}}}`,
    `{"room_code":"${code}","candidate":{"candidate":"c","__proto__":${evil}}}`,
    `{"room_code":"${code}","candidate":{"__proto__":{"candidate":"from-proto"}}}`,
    `{"room_code":"${code}","to":"${to}","__proto__":{"to":"nobody"},"candidate":{"candidate":""}}`,
    `{"code":"${code}","type":"viewer","__proto__":{"token":"x"}}`,
    `{"code":"${code}","__proto__":{"type":"viewer"}}`,
    `{"__proto__":{"code":"${code}"}}`,
    `[{"__proto__":${evil}}]`,
  ];
  return json.map((j) => JSON.parse(j) as unknown);
}

/** Strings around the limits on ids, codes and candidates: several of them still fit in one frame. */
const shortSizedString = fc
  .constantFrom(0, 1, 5, 6, 7, 63, 64, 65, 256, 257, 2_047, 2_048, 2_049)
  .map((n) => "7".repeat(n));

/**
 * Anything from right to absurd. `big` lets the field be one of the large strings; only the field that carries
 * the SDP or the candidate gets them, so that a payload stays far under the transport limit (128 KiB), past
 * which Socket.IO closes the connection by design.
 */
function field<T>(right: fc.Arbitrary<T>, big = false): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 3, arbitrary: right },
    { weight: 1, arbitrary: junk },
    { weight: 1, arbitrary: big ? sizedString : shortSizedString },
  );
}

interface Ids {
  code: string;
  sender: string;
  receiver: string;
  outsider: string;
}

function roomCodeArb(ids: Ids): fc.Arbitrary<unknown> {
  const other = ids.code === "000000" ? "000001" : "000000";
  return field(fc.constantFrom(ids.code, ids.code, other, ` ${ids.code}`, `${ids.code}0`, Number(ids.code)));
}

function toArb(ids: Ids): fc.Arbitrary<unknown> {
  return field(
    fc.constantFrom(
      ids.receiver,
      ids.sender,
      ids.outsider,
      `${ids.receiver} `,
      ids.receiver.toUpperCase(),
      "x".repeat(65),
    ),
  );
}

/** A right signal field: what a browser sends, sizes up to the limits, now and then with keys the server drops. */
function validSignalArb(event: SignalEvent): fc.Arbitrary<Record<string, unknown>> {
  if (event === "ice_candidate") {
    return fc.record(
      {
        candidate: fc.oneof(
          fc.constant(""),
          fc.string({ maxLength: 200 }),
          fc.constantFrom(2_047, 2_048).map((n) => "c".repeat(n)),
        ),
        sdpMid: fc.oneof(fc.constantFrom("0", "video", ""), fc.constant(null)),
        sdpMLineIndex: fc.oneof(fc.nat({ max: 65_535 }), fc.constant(null)),
        usernameFragment: fc.oneof(fc.string({ maxLength: 10 }), fc.constant(null)),
        extra: junk,
      },
      { requiredKeys: ["candidate"] },
    );
  }
  return fc.record(
    {
      type: fc.constant(event),
      sdp: fc.oneof(
        fc.string({ minLength: 1, maxLength: 200 }),
        fc.string({ unit: "binary", minLength: 1, maxLength: 50 }),
        fc.constantFrom(1, 65_535, 65_536).map((n) => "s".repeat(n)),
      ),
      extra: junk,
    },
    { requiredKeys: ["type", "sdp"] },
  );
}

/** A right payload, `to` absent or the receiver, with `from` and other keys the server must drop or overwrite. */
function validArb(event: SignalEvent, ids: Ids): fc.Arbitrary<Record<string, unknown>> {
  return fc.record(
    {
      room_code: fc.constant(ids.code),
      [SIGNAL_FIELD[event]]: validSignalArb(event),
      to: fc.constant(ids.receiver),
      from: fc.oneof(fc.constantFrom(ids.outsider, ids.receiver, "someone-else"), junk),
      extra: junk,
    },
    { requiredKeys: ["room_code", SIGNAL_FIELD[event]] },
  );
}

/**
 * A right payload with one key, at the top or inside the signal, replaced by something wrong. Only the key that
 * holds the SDP or the candidate may become one of the large strings, so that no payload nears the transport limit.
 */
function mutatedArb(event: SignalEvent, ids: Ids): fc.Arbitrary<unknown> {
  const fieldName = SIGNAL_FIELD[event];
  const contentKey = event === "ice_candidate" ? "candidate" : "sdp";
  const signalKeys =
    event === "ice_candidate" ? ["candidate", "sdpMid", "sdpMLineIndex", "usernameFragment"] : ["type", "sdp"];
  const wrongSmall = fc.oneof(junk, shortSizedString, fc.constantFrom(ids.sender, ids.outsider, `${ids.code}0`));
  const wrongAny = fc.oneof(wrongSmall, sizedString);
  const top = fc
    .tuple(validArb(event, ids), fc.constantFrom("room_code", fieldName, "to", "__proto__", "constructor"))
    .chain(([v, key]) => (key === fieldName ? wrongAny : wrongSmall).map((value) => ({ ...v, [key]: value })));
  const inner = fc.tuple(validArb(event, ids), fc.constantFrom(...signalKeys, "__proto__")).chain(([v, key]) =>
    (key === contentKey ? wrongAny : wrongSmall).map((value) => ({
      ...v,
      [fieldName]: { ...(v[fieldName] as object), [key]: value },
    })),
  );
  return fc.oneof(top, inner);
}

function descriptionArb(type: "offer" | "answer"): fc.Arbitrary<unknown> {
  return fc.oneof(
    fc.record(
      {
        type: field(fc.constantFrom(type, "offer", "answer", "pranswer", "rollback", "")),
        sdp: field(fc.oneof(fc.string({ maxLength: 200 }), fc.string({ unit: "binary", maxLength: 50 })), true),
        extra: junk,
      },
      { requiredKeys: ["type", "sdp"] },
    ),
    junk,
  );
}

const candidateArb: fc.Arbitrary<unknown> = fc.oneof(
  fc.record(
    {
      candidate: field(fc.oneof(fc.constant(""), fc.string({ maxLength: 200 })), true),
      sdpMid: field(fc.oneof(fc.constantFrom("0", "video", null), fc.string({ maxLength: 10 }))),
      sdpMLineIndex: field(fc.oneof(fc.nat({ max: 65_535 }), fc.constantFrom(-1, 1.5, 65_536, null, "0"))),
      usernameFragment: field(fc.oneof(fc.string({ maxLength: 10 }), fc.constant(null))),
      extra: junk,
    },
    { requiredKeys: ["candidate"] },
  ),
  junk,
);

function signalArb(event: SignalEvent, ids: Ids): fc.Arbitrary<unknown> {
  const signal = event === "ice_candidate" ? candidateArb : descriptionArb(event);
  const shaped = fc.record(
    {
      room_code: roomCodeArb(ids),
      [SIGNAL_FIELD[event]]: signal,
      to: toArb(ids),
      from: field(fc.constantFrom(ids.outsider, ids.receiver, "someone-else")),
      extra: junk,
    },
    { requiredKeys: ["room_code", SIGNAL_FIELD[event]] },
  );
  const loose = fc.record(
    { room_code: roomCodeArb(ids), offer: junk, answer: junk, candidate: junk, to: junk, from: junk },
    { requiredKeys: [] },
  );
  return fc.oneof(
    { weight: 3, arbitrary: validArb(event, ids) },
    { weight: 4, arbitrary: mutatedArb(event, ids) },
    { weight: 2, arbitrary: shaped },
    { weight: 1, arbitrary: loose },
    { weight: 1, arbitrary: junk },
    { weight: 1, arbitrary: fc.constantFrom(...pollutionAttempts(ids.code, ids.receiver)) },
  );
}

function joinArb(ids: Ids): fc.Arbitrary<unknown> {
  const shaped = fc.record(
    {
      code: roomCodeArb(ids),
      type: field(fc.constantFrom("camera", "viewer", "Viewer", "")),
      token: field(fc.oneof(fc.string({ maxLength: 30 }), fc.constant("x".repeat(65)))),
      extra: junk,
    },
    { requiredKeys: [] },
  );
  return fc.oneof(
    { weight: 6, arbitrary: shaped },
    { weight: 2, arbitrary: junk },
    { weight: 1, arbitrary: fc.constantFrom(...pollutionAttempts(ids.code, ids.receiver)) },
  );
}

function leaveArb(ids: Ids): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.record({ code: roomCodeArb(ids), extra: junk }, { requiredKeys: [] }) },
    { weight: 3, arbitrary: junk },
    { weight: 1, arbitrary: fc.constantFrom(...pollutionAttempts(ids.code, ids.receiver)) },
  );
}

/** remove_peer payloads that never name the receiver exactly, so none may remove anyone. */
function removeArb(ids: Ids, target: string): fc.Arbitrary<unknown> {
  const id = field(
    fc.constantFrom(ids.sender, ids.outsider, `${target} `, target.toUpperCase(), target.slice(1), "x".repeat(65)),
  );
  return fc.oneof(
    { weight: 4, arbitrary: fc.record({ code: roomCodeArb(ids), id, extra: junk }, { requiredKeys: [] }) },
    { weight: 3, arbitrary: junk },
    { weight: 1, arbitrary: fc.constantFrom(...pollutionAttempts(ids.code, target)) },
  );
}

interface Room {
  s: TestServer;
  ids: Ids;
  sender: TestClient;
  receiver: TestClient;
  outsider: TestClient;
  /** Every event the receiver and the sender got from the moment the room was set up. */
  atReceiver: Array<{ event: string; args: unknown[] }>;
  atSender: Array<{ event: string; args: unknown[] }>;
  /** Why each socket disconnected, if it did. */
  disconnects: string[];
}

/** A camera (the sender) and a viewer (the receiver) in one room, an outsider in none; limits out of the way. */
async function setUpRoom(): Promise<Room> {
  const s = await startTestServer({
    socketEventsPerSecond: 1_000_000,
    socketEventBurst: 1_000_000,
    joinFailuresPerMinute: 1_000_000,
  });
  const code = await s.issueCode();
  const [sender, receiver, outsider] = await Promise.all([s.connect(), s.connect(), s.connect()]);
  await join(sender, code, "camera");
  const senderHeard = nextEvent(sender, "peer_joined");
  await join(receiver, code, "viewer");
  await senderHeard; // so that recording starts with nothing in flight
  const disconnects: string[] = [];
  for (const [name, socket] of [
    ["sender", sender],
    ["receiver", receiver],
    ["outsider", outsider],
  ] as const) {
    socket.on("disconnect", (reason) => disconnects.push(`${name}: ${reason}`));
  }
  const atReceiver = recordEvents(receiver);
  const atSender = recordEvents(sender);
  const ids = { code, sender: sender.id!, receiver: receiver.id!, outsider: outsider.id! };
  return { s, ids, sender, receiver, outsider, atReceiver, atSender, disconnects };
}

/** A payload as the server decodes it, for the JSON-only cases (binary arrives as a Buffer, which has no `code`). */
function onTheWire(payload: unknown): unknown {
  return (JSON.parse(JSON.stringify([payload])) as unknown[])[0];
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;
}

function sortedKeys(v: Record<string, unknown>): string[] {
  return Object.keys(v).sort();
}

/** A signal as a receiver may get it: docs/PROTOCOL.md "Events" and "Limits". */
function expectWellFormedSignal(event: SignalEvent, msg: unknown, room: Room): void {
  const { ids } = room;
  const fieldName = SIGNAL_FIELD[event];
  expect(isPlainObject(msg), `${event} is a plain object`).toBe(true);
  const m = msg as Record<string, unknown>;
  const keys = sortedKeys(m);
  expect([["from", fieldName, "room_code"].sort(), ["from", fieldName, "room_code", "to"].sort()]).toContainEqual(keys);
  expect(m.room_code).toBe(ids.code);
  expect(m.from).toBe(ids.sender);
  if ("to" in m) expect(m.to).toBe(ids.receiver);
  const signal = m[fieldName];
  expect(isPlainObject(signal), `${fieldName} is a plain object`).toBe(true);
  const sig = signal as Record<string, unknown>;
  if (event === "ice_candidate") {
    for (const k of Object.keys(sig)) expect(["candidate", "sdpMid", "sdpMLineIndex", "usernameFragment"]).toContain(k);
    expect(typeof sig.candidate).toBe("string");
    expect((sig.candidate as string).length).toBeLessThanOrEqual(LIMITS.CANDIDATE_MAX_CHARS);
    if (sig.sdpMid !== undefined && sig.sdpMid !== null) expect(typeof sig.sdpMid).toBe("string");
    if (sig.sdpMLineIndex !== undefined && sig.sdpMLineIndex !== null) {
      expect(Number.isInteger(sig.sdpMLineIndex)).toBe(true);
      expect(sig.sdpMLineIndex as number).toBeGreaterThanOrEqual(0);
    }
    if (sig.usernameFragment !== undefined && sig.usernameFragment !== null)
      expect(typeof sig.usernameFragment).toBe("string");
  } else {
    expect(sortedKeys(sig)).toEqual(["sdp", "type"]);
    expect(sig.type).toBe(event);
    expect(typeof sig.sdp).toBe("string");
    expect((sig.sdp as string).length).toBeLessThanOrEqual(LIMITS.SDP_MAX_CHARS);
  }
}

/** The reply to a signal: `{ok:true}` exactly, or a signal_error with a known, non-INTERNAL code. */
function expectSignalReply(event: SignalEvent, res: unknown): boolean {
  if (isPlainObject(res) && res.ok === true) {
    expect(res).toEqual({ ok: true });
    return true;
  }
  expectFailure(res, ["BAD_REQUEST", "NOT_IN_ROOM", "PEER_NOT_FOUND"]);
  expect((res as { event: unknown }).event).toBe(event);
  return false;
}

function expectFailure(res: unknown, allowed: string[]): void {
  expect(isPlainObject(res), "reply is an object").toBe(true);
  const r = res as { ok: unknown; error: unknown };
  expect(r.ok).toBe(false);
  expect(isPlainObject(r.error)).toBe(true);
  const error = r.error as { code: unknown; message: unknown };
  expect(sortedKeys(error as Record<string, unknown>)).toEqual(["code", "message"]);
  expect(KNOWN_CODES.has(error.code as string)).toBe(true);
  expect(allowed).toContain(error.code);
  expect(typeof error.message).toBe("string");
}

/** Checks shared by every property once it has run. */
async function expectServerUnharmed(room: Room): Promise<void> {
  await settle(room.sender, room.receiver, room.outsider);
  expect(room.disconnects).toEqual([]);
  expect(room.sender.connected).toBe(true);
  expect(room.receiver.connected).toBe(true);

  const fresh = await room.s.connect();
  const pong = await request(fresh, "ping");
  expect(pong).toMatchObject({ message: "Pong!", serverTime: expect.any(Number) });

  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(({} as Record<string, unknown>).sdpMid).toBeUndefined();
  expect(({} as Record<string, unknown>).to).toBeUndefined();
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(OBJECT_PROTO_KEYS);
  expect(Object.getOwnPropertyNames(Array.prototype).sort()).toEqual(ARRAY_PROTO_KEYS);
}

const OBJECT_PROTO_KEYS = Object.getOwnPropertyNames(Object.prototype).sort();
const ARRAY_PROTO_KEYS = Object.getOwnPropertyNames(Array.prototype).sort();

/** What the receiver may see besides signals: the sender or the outsider coming and going. */
function expectPresence(event: string, msg: unknown, ids: Ids): void {
  expect(["peer_joined", "peer_left"]).toContain(event);
  expect(isPlainObject(msg)).toBe(true);
  const m = msg as Record<string, unknown>;
  expect(sortedKeys(m)).toEqual(["id", "type"]);
  expect([ids.sender, ids.outsider, ids.receiver]).toContain(m.id);
  expect(["camera", "viewer"]).toContain(m.type);
}

describe("fuzz: signals", () => {
  it.each(SIGNAL_EVENTS)(
    "%s: random payloads are answered, never forwarded unless well-formed, never disconnect",
    async (event) => {
      const room = await setUpRoom();
      const { ids } = room;
      const forwardedPayloads: unknown[] = [];
      let refusals = 0;

      await fc.assert(
        fc.asyncProperty(signalArb(event, ids), async (payload) => {
          const res = await request(room.sender, event, payload);
          if (expectSignalReply(event, res)) forwardedPayloads.push(payload);
          else refusals++;
        }),
        FC_OPTS,
      );
      await expectServerUnharmed(room);

      // Replies went to the acks only.
      expect(room.atSender).toEqual([]);
      const got = room.atReceiver.filter((e) => e.event === event);
      expect(room.atReceiver.filter((e) => e.event !== event)).toEqual([]);
      // Exactly one delivery per {ok:true}, in order, each the sent signal reduced to the protocol's fields.
      expect(got).toHaveLength(forwardedPayloads.length);
      got.forEach((e, i) => {
        expect(e.args).toHaveLength(1);
        expectWellFormedSignal(event, e.args[0], room);
        const sent = onTheWire(forwardedPayloads[i]) as Record<string, Record<string, unknown>>;
        const sig = (e.args[0] as Record<string, Record<string, unknown>>)[SIGNAL_FIELD[event]]!;
        for (const [k, v] of Object.entries(sig)) expect(v).toEqual(sent[SIGNAL_FIELD[event]]![k]);
      });
      // The generators must reach both sides, or the properties above prove little.
      expect(forwardedPayloads.length).toBeGreaterThan(5);
      expect(refusals).toBeGreaterThan(RUNS / 4);
    },
  );

  it("without acks: every signal is either forwarded once or answered with one signal_error", async () => {
    const room = await setUpRoom();
    const { ids } = room;
    let sent = 0;
    const events = fc.constantFrom(...SIGNAL_EVENTS);
    await fc.assert(
      fc.asyncProperty(
        events.chain((event) => signalArb(event, ids).map((payload) => [event, payload] as const)),
        async ([event, payload]) => {
          send(room.sender, event, payload);
          sent++;
        },
      ),
      { ...FC_OPTS, numRuns: 150 },
    );
    await expectServerUnharmed(room);

    const errors = room.atSender.filter((e) => e.event === "signal_error");
    expect(room.atSender.filter((e) => e.event !== "signal_error")).toEqual([]);
    for (const e of errors) {
      const err = e.args[0] as { event: SignalEvent };
      expect(SIGNAL_EVENTS).toContain(err.event);
      expectSignalReply(err.event, err);
    }
    const forwarded = room.atReceiver.filter((e) => (SIGNAL_EVENTS as readonly string[]).includes(e.event));
    expect(room.atReceiver.filter((e) => !(SIGNAL_EVENTS as readonly string[]).includes(e.event))).toEqual([]);
    for (const e of forwarded) expectWellFormedSignal(e.event as SignalEvent, e.args[0], room);
    expect(forwarded.length + errors.length).toBe(sent);
  });
});

describe("fuzz: ping", () => {
  it("answers every ping with a pong, whatever its payload", async () => {
    const room = await setUpRoom();
    await fc.assert(
      fc.asyncProperty(junk, async (payload) => {
        const res = await request(room.sender, "ping", payload);
        expect(sortedKeys(res as unknown as Record<string, unknown>)).toEqual(["message", "serverTime"]);
        expect(res.message).toBe("Pong!");
        expect(typeof res.serverTime).toBe("number");
      }),
      FC_OPTS,
    );
    await expectServerUnharmed(room);
    expect(room.atReceiver).toEqual([]);
    expect(room.atSender).toEqual([]);
  });
});

describe("fuzz: join_room", () => {
  it("answers ALREADY_IN_ROOM to a member, whatever it sends, and the room does not change", async () => {
    const room = await setUpRoom();
    await fc.assert(
      fc.asyncProperty(joinArb(room.ids), async (payload) => {
        expectFailure(await request(room.sender, "join_room", payload), ["ALREADY_IN_ROOM"]);
      }),
      FC_OPTS,
    );
    await expectServerUnharmed(room);
    expect(room.atReceiver).toEqual([]);
    expect(room.atSender).toEqual([]);
  });

  it("lets an outsider in only with a well-formed request for the live code", async () => {
    const room = await setUpRoom();
    const { ids } = room;
    let joined = 0;
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(joinArb(ids), async (payload) => {
        const res = await request(room.outsider, "join_room", payload);
        if (isPlainObject(res) && res.ok === true) {
          joined++;
          const p = payload as Record<string, unknown>;
          expect(p.code).toBe(ids.code);
          expect(p.type).toBe("viewer"); // the camera slot is taken, and no payload carries the camera's token
          expect(res).toMatchObject({ ok: true, code: ids.code, type: "viewer", id: ids.outsider });
          expect(res.peers).toEqual(
            expect.arrayContaining([
              { id: ids.sender, type: "camera" },
              { id: ids.receiver, type: "viewer" },
            ]),
          );
          expect(await request(room.outsider, "leave_room")).toEqual({ ok: true });
        } else {
          refused++;
          expectFailure(res, ["BAD_REQUEST", "INVALID_CODE", "CODE_NOT_FOUND", "ROOM_FULL"]);
        }
      }),
      // The well-formed request runs first, so "some join succeeds" never rests on the draw alone.
      { ...FC_OPTS, examples: [[{ code: ids.code, type: "viewer" }]] },
    );
    await expectServerUnharmed(room);
    expect(joined).toBeGreaterThan(0);
    expect(refused).toBeGreaterThan(RUNS / 4);
    // The receiver saw the outsider come and go, once each per join, and nothing else.
    expect(room.atReceiver.filter((e) => e.event === "peer_joined")).toHaveLength(joined);
    expect(room.atReceiver.filter((e) => e.event === "peer_left")).toHaveLength(joined);
    for (const e of room.atReceiver) {
      expectPresence(e.event, e.args[0], ids);
      expect((e.args[0] as { id: string }).id).toBe(ids.outsider);
    }
  });
});

describe("fuzz: leave_room", () => {
  it("leaves only for no payload or the member's own code, and the member can join again", async () => {
    const room = await setUpRoom();
    const { ids } = room;
    let left = 0;
    await fc.assert(
      fc.asyncProperty(leaveArb(ids), async (payload) => {
        const res = await request(room.sender, "leave_room", payload);
        if (isPlainObject(res) && res.ok === true) {
          left++;
          expect(res).toEqual({ ok: true });
          // What the server read: the payload after the JSON round trip (NaN and undefined arrive as null).
          const wire = onTheWire(payload);
          const ownCode = wire === null || (isRecord(wire) && wire.code === ids.code);
          expect(ownCode, `left for ${JSON.stringify(payload)}`).toBe(true);
          await join(room.sender, ids.code, "camera");
        } else {
          expectFailure(res, ["BAD_REQUEST", "NOT_IN_ROOM"]);
        }
      }),
      FC_OPTS,
    );
    await expectServerUnharmed(room);
    expect(left).toBeGreaterThan(0);
    expect(room.atReceiver.filter((e) => e.event === "peer_left")).toHaveLength(left);
    expect(room.atReceiver.filter((e) => e.event === "peer_joined")).toHaveLength(left);
    for (const e of room.atReceiver) {
      expectPresence(e.event, e.args[0], ids);
      expect(e.args[0]).toEqual({ id: ids.sender, type: "camera" });
    }
  });

  it("answers an outsider NOT_IN_ROOM or BAD_REQUEST, whatever it sends", async () => {
    const room = await setUpRoom();
    await fc.assert(
      fc.asyncProperty(leaveArb(room.ids), async (payload) => {
        expectFailure(await request(room.outsider, "leave_room", payload), ["BAD_REQUEST", "NOT_IN_ROOM"]);
      }),
      FC_OPTS,
    );
    await expectServerUnharmed(room);
    expect(room.atReceiver).toEqual([]);
  });
});

describe("fuzz: remove_peer", () => {
  it("removes nobody for any payload that does not name a member exactly, and answers each", async () => {
    const room = await setUpRoom();
    await fc.assert(
      fc.asyncProperty(removeArb(room.ids, room.ids.receiver), async (payload) => {
        const res = await request(room.sender, "remove_peer", payload);
        expectFailure(res, ["BAD_REQUEST", "NOT_IN_ROOM", "PEER_NOT_FOUND"]);
      }),
      FC_OPTS,
    );
    await expectServerUnharmed(room);
    expect(room.atReceiver).toEqual([]);
    expect(await room.s.server.backend.rooms.findMember(room.ids.code, room.ids.receiver)).toBeDefined();
  });

  it("refuses a viewer whatever it sends, its camera named exactly included", async () => {
    const room = await setUpRoom();
    const exact = fc.constant({ code: room.ids.code, id: room.ids.sender });
    await fc.assert(
      fc.asyncProperty(fc.oneof(exact, removeArb(room.ids, room.ids.sender)), async (payload) => {
        const res = await request(room.receiver, "remove_peer", payload);
        expectFailure(res, ["BAD_REQUEST", "NOT_IN_ROOM", "PEER_NOT_FOUND"]);
      }),
      FC_OPTS,
    );
    await expectServerUnharmed(room);
    expect(room.atSender).toEqual([]);
    expect(room.atReceiver).toEqual([]);
  });
});

describe("objects whose length cannot be compared", () => {
  // {"length":{"toString":""}}: zod runs its min/max length checks on it after the type check failed, and
  // comparing that length with a number throws a TypeError, which the server answers as INTERNAL.
  const LENGTHY = { length: { toString: "" } };

  it.each([
    ["offer", "to"],
    ["offer", "room_code"],
    ["offer", "offer.sdp"],
    ["answer", "answer.sdp"],
    ["ice_candidate", "candidate.candidate"],
    ["ice_candidate", "candidate.sdpMid"],
  ] as const)("answers %s with %s such an object BAD_REQUEST, not INTERNAL", async (event, path) => {
    const room = await setUpRoom();
    const payload: Record<string, unknown> = {
      room_code: room.ids.code,
      offer: { type: "offer", sdp: "v=0" },
      answer: { type: "answer", sdp: "v=0" },
      candidate: { candidate: "", sdpMid: "0" },
    };
    const [top, inner] = path.split(".") as [string, string | undefined];
    if (inner === undefined) payload[top] = LENGTHY;
    else payload[top] = { ...(payload[top] as object), [inner]: LENGTHY };
    expectFailure(await request(room.sender, event, payload), ["BAD_REQUEST"]);
    await expectServerUnharmed(room);
    expect(room.atReceiver).toEqual([]);
  });

  it("answers join_room with such a token BAD_REQUEST, not INTERNAL", async () => {
    const room = await setUpRoom();
    const res = await request(room.outsider, "join_room", { code: room.ids.code, type: "viewer", token: LENGTHY });
    expectFailure(res, ["BAD_REQUEST"]);
    await expectServerUnharmed(room);
  });

  it("answers leave_room with such a code BAD_REQUEST, not INTERNAL, and stays in the room", async () => {
    const room = await setUpRoom();
    expectFailure(await request(room.sender, "leave_room", { code: LENGTHY }), ["BAD_REQUEST"]);
    await expectServerUnharmed(room);
    expect(room.atReceiver).toEqual([]);
  });
});

describe("binary frames", () => {
  it("stays connected when a binary payload carries a forged attachment placeholder, and forwards only the protocol's fields", async () => {
    // The stock socket.io-parser closes the connection on a placeholder that names no attachment; the server's
    // JSON-only decoder drops attachments, so the placeholders are plain unknown fields and are dropped too.
    const room = await setUpRoom();
    const payload = {
      room_code: room.ids.code,
      offer: { type: "offer", sdp: "v=0" },
      extra: { _placeholder: true, num: 5 },
      blob: new Uint8Array([1, 2, 3]),
    };
    const reply = await request(room.sender, "offer", payload).catch((err: unknown) => String(err));
    expect(room.disconnects).toEqual([]);
    expect(reply).toEqual({ ok: true });
    await settle(room.receiver);
    expect(room.atReceiver).toEqual([
      {
        event: "offer",
        args: [{ room_code: room.ids.code, offer: { type: "offer", sdp: "v=0" }, from: room.ids.sender }],
      },
    ]);
  });

  it("refuses binary in place of the signal fields with BAD_REQUEST and stays connected", async () => {
    const room = await setUpRoom();
    const res = await request(room.sender, "offer", {
      room_code: room.ids.code,
      offer: { type: "offer", sdp: new Uint8Array([118, 61, 48]) },
    });
    expectFailure(res, ["BAD_REQUEST"]);
    await expectServerUnharmed(room);
    expect(room.atReceiver).toEqual([]);
  });
});
