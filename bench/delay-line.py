#!/usr/bin/env python3
"""A user-space delay line between two TUN devices, for bench/run.sh.

The kernels these benchmarks run on have no netem (CONFIG_NET_SCH_NETEM is off), so the round trip is made
here: every IP packet read from one TUN device is written to the other DELAY_MS later, in order. The rate
is limited by the kernel (tc tbf on each device's egress), before a packet reaches this process.

    delay-line.py HOST_IF PEER_IF DELAY_MS READY_FILE

Creates both devices in the current network namespace (bench/run.sh then moves PEER_IF into its own) and
touches READY_FILE. The devices vanish when this process ends (SIGTERM): nothing to clean up.
"""
import collections
import fcntl
import os
import select
import signal
import struct
import sys
import time

TUNSETIFF = 0x400454CA
IFF_TUN = 0x0001
IFF_NO_PI = 0x1000


def open_tun(name):
    fd = os.open("/dev/net/tun", os.O_RDWR)
    fcntl.ioctl(fd, TUNSETIFF, struct.pack("16sH", name.encode(), IFF_TUN | IFF_NO_PI))
    os.set_blocking(fd, False)
    return fd


def main():
    host_if, peer_if, delay_ms, ready_file = sys.argv[1], sys.argv[2], float(sys.argv[3]), sys.argv[4]
    delay = delay_ms / 1000.0
    a, b = open_tun(host_if), open_tun(peer_if)
    queues = {a: collections.deque(), b: collections.deque()}  # packets read from the key, due to the other
    other = {a: b, b: a}
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    with open(ready_file, "w") as ready:
        ready.write(str(os.getpid()))

    while True:
        now = time.monotonic()
        heads = [q[0][0] for q in queues.values() if q]
        timeout = max(0.0, min(heads) - now) if heads else None
        readable, _, _ = select.select([a, b], [], [], timeout)
        for fd in readable:
            while True:
                try:
                    packet = os.read(fd, 65536)
                except BlockingIOError:
                    break
                except OSError:
                    break  # the device is not up yet: nothing to forward
                queues[fd].append((time.monotonic() + delay, packet))
        now = time.monotonic()
        for fd, queue in queues.items():
            while queue and queue[0][0] <= now:
                _, packet = queue.popleft()
                try:
                    os.write(other[fd], packet)
                except OSError:
                    pass  # the other side is down or full: the packet is lost, as on a real link


if __name__ == "__main__":
    main()
