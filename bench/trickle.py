#!/usr/bin/env python3
"""bench/trickle.py: slow clients for bench/soak.sh --slowloris.

Keeps COUNT connections open to HOST:PORT, each sending a request head that never ends, one byte
per connection every INTERVAL seconds. A connection the server closes (header timeout) is opened
again, so COUNT stay open. Prints "ready" once all are connected; on SIGTERM prints its counters
to stderr and exits.

Usage: trickle.py HOST PORT [COUNT=400] [INTERVAL=0.2]
"""
import signal
import socket
import sys
import time

HEAD = b"GET /hello HTTP/1.1\r\nHost: soak\r\nX-Slow: "


def main():
    host, port = sys.argv[1], int(sys.argv[2])
    count = int(sys.argv[3]) if len(sys.argv) > 3 else 400
    interval = float(sys.argv[4]) if len(sys.argv) > 4 else 0.2
    stats = {"bytes": 0, "reconnects": 0}

    def stop(*_):
        sys.stderr.write("trickle: %d connections, %d bytes sent, %d reconnects\n"
                         % (count, stats["bytes"], stats["reconnects"]))
        sys.exit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)

    def connect():
        s = socket.create_connection((host, port), timeout=5)
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return [s, 0]

    conns = [connect() for _ in range(count)]
    print("ready", flush=True)
    while True:
        for i, (s, sent) in enumerate(conns):
            byte = HEAD[sent:sent + 1] or b"a"
            try:
                s.send(byte)
                conns[i][1] = sent + 1
                stats["bytes"] += 1
            except OSError:
                s.close()
                stats["reconnects"] += 1
                try:
                    conns[i] = connect()
                except OSError:
                    conns[i] = [socket.socket(), 0]  # retried at the next round
        time.sleep(interval)


if __name__ == "__main__":
    main()
