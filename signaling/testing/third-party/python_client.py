"""A third-party client: python-socketio (Debian's python3-socketio), written from the shared contract alone.

Usage: python3 python_client.py BASE_URL TRANSPORT
Pairs a camera and two viewers by code, exchanges offer/answer/ICE with and without `to`,
checks errors and acks, and prints one JSON line with what it saw. Exits non-zero on any mismatch.
"""
import json
import sys
import threading

import requests
import socketio

BASE, TRANSPORT = sys.argv[1], sys.argv[2]
TIMEOUT = 5


class Peer:
    def __init__(self, name):
        self.name = name
        self.sio = socketio.Client(reconnection=False)
        self.events = []
        self.cond = threading.Condition()
        self.sio.on("*", self._record)

    def _record(self, event, data=None):
        with self.cond:
            self.events.append((event, data))
            self.cond.notify_all()

    def connect(self):
        self.sio.connect(BASE, transports=[TRANSPORT], wait_timeout=TIMEOUT)
        return self.wait("connected")

    def wait(self, event, pred=lambda d: True):
        with self.cond:
            ok = self.cond.wait_for(
                lambda: any(e == event and pred(d) for e, d in self.events), timeout=TIMEOUT
            )
            if not ok:
                raise AssertionError(f"{self.name}: no {event}; saw {[e for e, _ in self.events]}")
            for i, (e, d) in enumerate(self.events):
                if e == event and pred(d):
                    del self.events[i]
                    return d

    def call(self, event, data=None):
        return self.sio.call(event, data, timeout=TIMEOUT)


def check(cond, what):
    if not cond:
        raise AssertionError(what)


def main():
    res = requests.post(f"{BASE}/api/code/generate", timeout=TIMEOUT)
    check(res.status_code == 201, f"generate answered {res.status_code}")
    code = res.json()["code"]
    check(len(code) == 6 and code.isdigit(), f"code {code!r}")

    camera, v1, v2 = Peer("camera"), Peer("v1"), Peer("v2")
    for p in (camera, v1, v2):
        hello = p.connect()
        check(hello["id"] == p.sio.get_sid("/"), "connected id is the socket id")

    pong = camera.call("ping")
    check(pong["message"] == "Pong!" and isinstance(pong["serverTime"], int), f"pong {pong}")

    bad = camera.call("join_room", {"code": "12", "type": "camera"})
    check(bad == {"ok": False, "error": {"code": "INVALID_CODE", "message": bad["error"]["message"]}}, f"bad {bad}")

    # Without an ack, the reply comes as an event.
    camera.sio.emit("join_room", {"code": code, "type": "camera"})
    joined = camera.wait("join_room_success")
    check(joined["ok"] and joined["code"] == code and joined["type"] == "camera" and joined["peers"] == [], f"{joined}")
    check(isinstance(joined["token"], str) and joined["token"], "token")

    j1 = v1.call("join_room", {"code": code, "type": "viewer"})
    check(j1["peers"] == [{"id": camera.sio.get_sid("/"), "type": "camera"}], f"v1 peers {j1}")
    check(camera.wait("peer_joined") == {"id": j1["id"], "type": "viewer"}, "peer_joined v1")
    j2 = v2.call("join_room", {"code": code, "type": "viewer"})
    camera.wait("peer_joined", lambda d: d["id"] == j2["id"])
    v1.wait("peer_joined", lambda d: d["id"] == j2["id"])

    cam_id = joined["id"]
    offer = {"type": "offer", "sdp": "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\n"}
    ack = camera.call("offer", {"room_code": code, "offer": offer, "to": j1["id"], "from": "spoofed"})
    check(ack == {"ok": True}, f"offer ack {ack}")
    got = v1.wait("offer")
    check(got == {"room_code": code, "offer": offer, "to": j1["id"], "from": cam_id}, f"v1 offer {got}")

    answer = {"type": "answer", "sdp": "v=0\r\n"}
    check(v1.call("answer", {"room_code": code, "answer": answer, "to": cam_id}) == {"ok": True}, "answer ack")
    check(camera.wait("answer")["from"] == j1["id"], "answer from v1")

    cand = {"candidate": "candidate:1 1 udp 1 127.0.0.1 9 typ host", "sdpMid": "0", "sdpMLineIndex": 0}
    camera.sio.emit("ice_candidate", {"room_code": code, "candidate": cand})  # no `to`: both viewers
    for v in (v1, v2):
        check(v.wait("ice_candidate") == {"room_code": code, "candidate": cand, "from": cam_id}, "broadcast ice")

    wrong = v2.call("offer", {"room_code": "000000" if code != "000000" else "000001", "offer": offer})
    check(wrong["ok"] is False and wrong["event"] == "offer" and wrong["error"]["code"] == "NOT_IN_ROOM", f"{wrong}")

    check(v2.call("leave_room", {"code": code}) == {"ok": True}, "leave ack")
    check(camera.wait("peer_left") == {"id": j2["id"], "type": "viewer"}, "peer_left")

    # Nothing came back to the camera for its own signals.
    check(not any(e in ("offer", "ice_candidate") for e, _ in camera.events), f"echo to sender: {camera.events}")

    for p in (camera, v1, v2):
        p.sio.disconnect()
    print(json.dumps({"ok": True, "code": code, "transport": TRANSPORT}))


if __name__ == "__main__":
    try:
        main()
    except AssertionError as err:
        print(json.dumps({"ok": False, "error": str(err)}))
        sys.exit(1)
