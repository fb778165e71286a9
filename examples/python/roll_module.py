#!/usr/bin/env python3
"""A Chorus command module in Python: `!roll [sides]` rolls a die.

It speaks the TCP event-bus bridge protocol (docs/modules.md): frames are a 4-byte big-endian
length followed by UTF-8 JSON. Standard library only.

Environment: CHORUS_BRIDGE_HOST (127.0.0.1), CHORUS_BRIDGE_PORT (7000), CHORUS_BRIDGE_TOKEN
(required), CHORUS_ANNOUNCE_SECONDS (10).
"""
import json
import os
import random
import socket
import struct
import sys
import threading
import time

HOST = os.environ.get("CHORUS_BRIDGE_HOST", "127.0.0.1")
PORT = int(os.environ.get("CHORUS_BRIDGE_PORT", "7000"))
TOKEN = os.environ.get("CHORUS_BRIDGE_TOKEN", "")
EVERY = float(os.environ.get("CHORUS_ANNOUNCE_SECONDS", "10"))
NAME = "roll"
ADDRESS = "chorus.command.module." + NAME
ANNOUNCEMENT = {
    "name": NAME,
    "description": "rolls a die: !roll [sides]",
    "permission": "viewer",
    "globalCooldown": 0,
    "personCooldown": 0,
}

write_lock = threading.Lock()


def send(sock, frame):
    frame.setdefault("headers", {})["token"] = TOKEN
    data = json.dumps(frame).encode("utf-8")
    with write_lock:
        sock.sendall(struct.pack(">I", len(data)) + data)


def read_exactly(sock, n):
    buf = b""
    while len(buf) < n:
        chunk = sock.recv(n - len(buf))
        if not chunk:
            raise ConnectionError("the bridge closed the connection")
        buf += chunk
    return buf


def read(sock):
    (length,) = struct.unpack(">I", read_exactly(sock, 4))
    return json.loads(read_exactly(sock, length).decode("utf-8"))


def answer(request):
    args = request.get("args") or []
    sides = int(args[0]) if args and args[0].isdigit() and 2 <= int(args[0]) <= 1000 else 6
    user = request.get("user", {}).get("name", "someone")
    return "%s rolls %d (1-%d)" % (user, random.randint(1, sides), sides)


def announce(sock):
    while True:
        send(sock, {"type": "publish", "address": "chorus.command.register", "body": ANNOUNCEMENT})
        time.sleep(EVERY)


def main():
    sock = socket.create_connection((HOST, PORT))
    send(sock, {"type": "register", "address": ADDRESS})
    threading.Thread(target=announce, args=(sock,), daemon=True).start()
    while True:
        try:
            frame = read(sock)
        except ConnectionError as e:
            print("roll module: %s" % e, file=sys.stderr)
            sys.exit(3)
        if frame.get("type") == "err":
            print("roll module: refused by the bridge: %s" % frame.get("message"), file=sys.stderr)
            sys.exit(2)
        if frame.get("type") == "message" and frame.get("address") == ADDRESS:
            reply_to = frame.get("replyAddress")
            if reply_to:
                send(sock, {"type": "send", "address": reply_to, "body": {"text": answer(frame["body"])}})


if __name__ == "__main__":
    main()
