#!/usr/bin/env python3
"""Loopback TCP bandwidth when iperf3 is not installed: one stream of 1 MiB sends for SECONDS seconds.

usage: tcpbw.py PORT SECONDS   prints MiB/s received
"""
import socket
import sys
import threading
import time

port, seconds = int(sys.argv[1]), float(sys.argv[2])
chunk = 1 << 20
server = socket.socket()
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind(("127.0.0.1", port))
server.listen(1)
received = [0, 0.0]


def sink():
    conn, _ = server.accept()
    buf = memoryview(bytearray(chunk))
    start = time.perf_counter()
    while True:
        n = conn.recv_into(buf)
        if n == 0:
            break
        received[0] += n
    received[1] = time.perf_counter() - start
    conn.close()


t = threading.Thread(target=sink)
t.start()
client = socket.create_connection(("127.0.0.1", port))
data = memoryview(bytes(chunk))
end = time.perf_counter() + seconds
while time.perf_counter() < end:
    client.sendall(data)
client.close()
t.join()
print(received[0] / received[1] / 2**20)
