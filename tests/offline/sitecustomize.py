"""Offline guard, loaded by every Python process of `make test`/`make book` (via PYTHONPATH).

When AIGC_NO_NETWORK=1, any socket connection to a non-loopback address raises at once, in the
test process and in every notebook kernel it starts. Loopback stays open (Jupyter kernels talk
to their clients over 127.0.0.1).
"""
import os
import socket

if os.environ.get("AIGC_NO_NETWORK") == "1":
    _connect = socket.socket.connect
    _connect_ex = socket.socket.connect_ex
    _LOOPBACK = ("127.", "::1", "localhost", "0.0.0.0")

    def _check(address):
        if isinstance(address, tuple) and address and isinstance(address[0], str):
            host = address[0]
            if not host.startswith(_LOOPBACK):
                raise OSError(f"network access is disabled during tests (tried to reach {host}); "
                              f"the course must work offline")

    def connect(self, address):
        _check(address)
        return _connect(self, address)

    def connect_ex(self, address):
        _check(address)
        return _connect_ex(self, address)

    socket.socket.connect = connect
    socket.socket.connect_ex = connect_ex
