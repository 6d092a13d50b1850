"""Offline guard, loaded by every Python process of `make test`/`make book` (via PYTHONPATH).

When AIGC_NO_NETWORK=1, any socket connection to a non-loopback address raises at once, in the
test process and in every notebook kernel it starts: TCP connects, UDP sends (sendto/sendmsg
and connected UDP sockets) and DNS lookups of any name other than localhost
(getaddrinfo, gethostbyname, gethostbyname_ex, gethostbyaddr). Loopback stays open (Jupyter
kernels talk to their clients over 127.0.0.1). A process that spawns a non-Python program
(curl, a compiled resolver) is not covered: this guard lives inside the Python interpreter.
"""
import os
import socket

if os.environ.get("AIGC_NO_NETWORK") == "1":
    _connect = socket.socket.connect
    _connect_ex = socket.socket.connect_ex
    _sendto = socket.socket.sendto
    _sendmsg = socket.socket.sendmsg
    _getaddrinfo = socket.getaddrinfo
    _gethostbyname = socket.gethostbyname
    _gethostbyname_ex = socket.gethostbyname_ex
    _gethostbyaddr = socket.gethostbyaddr
    _LOOPBACK = ("127.", "::1", "localhost", "0.0.0.0", "::ffff:127.")
    _LOCAL_NAMES = ("localhost", "localhost.localdomain", "ip6-localhost", "")

    def _refuse(what):
        raise OSError(f"network access is disabled during tests (tried to reach {what}); "
                      f"the course must work offline")

    def _is_local(host) -> bool:
        if host is None:
            return True
        if isinstance(host, bytes):
            host = host.decode("ascii", "replace")
        host = str(host).strip("[]").lower()
        return host in _LOCAL_NAMES or host.startswith(_LOOPBACK)

    def _check(address):
        if isinstance(address, tuple) and address and isinstance(address[0], (str, bytes)):
            if not _is_local(address[0]):
                _refuse(address[0])

    def connect(self, address):
        _check(address)
        return _connect(self, address)

    def connect_ex(self, address):
        _check(address)
        return _connect_ex(self, address)

    def sendto(self, data, *args):
        _check(args[-1] if args else None)
        return _sendto(self, data, *args)

    def sendmsg(self, buffers, ancdata=(), flags=0, address=None):
        if address is not None:
            _check(address)
            return _sendmsg(self, buffers, ancdata, flags, address)
        return _sendmsg(self, buffers, ancdata, flags)

    def getaddrinfo(host, *args, **kwargs):
        if not _is_local(host):
            _refuse(f"DNS lookup of {host}")
        return _getaddrinfo(host, *args, **kwargs)

    def gethostbyname(host):
        if not _is_local(host):
            _refuse(f"DNS lookup of {host}")
        return _gethostbyname(host)

    def gethostbyname_ex(host):
        if not _is_local(host):
            _refuse(f"DNS lookup of {host}")
        return _gethostbyname_ex(host)

    def gethostbyaddr(host):
        if not _is_local(host):
            _refuse(f"reverse DNS lookup of {host}")
        return _gethostbyaddr(host)

    socket.socket.connect = connect
    socket.socket.connect_ex = connect_ex
    socket.socket.sendto = sendto
    socket.socket.sendmsg = sendmsg
    socket.getaddrinfo = getaddrinfo
    socket.gethostbyname = gethostbyname
    socket.gethostbyname_ex = gethostbyname_ex
    socket.gethostbyaddr = gethostbyaddr
