"""The offline guard (tests/offline/sitecustomize.py) blocks TCP, UDP and DNS, not loopback (issue 20)."""

import os
import subprocess
import sys
from pathlib import Path

GUARD = Path(__file__).parent / "offline"

PROBE = r'''
import socket
def blocked(f):
    try:
        f()
    except OSError as e:
        return "disabled during tests" in str(e)
    return False
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
t = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
checks = {
    "dns getaddrinfo": lambda: socket.getaddrinfo("huggingface.co", 443),
    "dns gethostbyname": lambda: socket.gethostbyname("example.org"),
    "dns gethostbyname_ex": lambda: socket.gethostbyname_ex("example.org"),
    "dns gethostbyaddr": lambda: socket.gethostbyaddr("8.8.8.8"),
    "udp sendto": lambda: u.sendto(b"x", ("8.8.8.8", 53)),
    "udp connect": lambda: u.connect(("8.8.8.8", 53)),
    "udp sendmsg": lambda: u.sendmsg([b"x"], [], 0, ("1.1.1.1", 53)),
    "tcp connect": lambda: t.connect(("93.184.216.34", 80)),
    "tcp connect_ex": lambda: t.connect_ex(("93.184.216.34", 80)),
}
bad = [k for k, f in checks.items() if not blocked(f)]
socket.getaddrinfo("localhost", 80)                      # loopback names still resolve
u2 = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u2.sendto(b"x", ("127.0.0.1", 9))                        # loopback UDP still works
print("NOT BLOCKED:", bad if bad else "none")
'''


def test_guard_blocks_dns_udp_and_tcp_but_not_loopback():
    env = dict(os.environ, AIGC_NO_NETWORK="1", PYTHONPATH=str(GUARD))
    out = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert "NOT BLOCKED: none" in out.stdout, out.stdout
