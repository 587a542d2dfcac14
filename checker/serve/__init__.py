"""`claimcheck serve`: the review page of the last run, where editors record decisions (Starlette + uvicorn)."""

from __future__ import annotations

import re
import socket
import sys
from pathlib import Path
from typing import Any

from checker.errors import UsageError

TOKEN_CHARS = re.compile(r"[A-Za-z0-9._~-]{16,256}")


def check_options(host: str, token: str | None) -> None:
    """Refuse what would expose the decisions file: a non-loopback address without a token, a weak token."""
    from checker.serve.security import is_loopback

    if token is not None and not TOKEN_CHARS.fullmatch(token):
        raise UsageError(
            "--token must be 16 to 256 characters of A-Z a-z 0-9 . _ ~ -; make one with "
            "`python3 -c 'import secrets; print(secrets.token_urlsafe(24))'`"
        )
    if not is_loopback(host) and not token:
        raise UsageError(
            f"--host {host} lets other machines in: give --token (or set CLAIMCHECK_TOKEN) so only editors who "
            "know it can read and decide"
        )


def listen(host: str, port: int) -> socket.socket:
    """A listening socket, so a port in use is one clear message (and port 0 picks a free one)."""
    family = socket.AF_INET6 if ":" in host.strip("[]") else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host.strip("[]"), port))
    except OSError as exc:
        sock.close()
        raise UsageError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from exc
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


def build(out: str | Path, reconciliations: str | Path, host: str = "127.0.0.1", token: str | None = None) -> Any:
    """The ASGI app over `out`/report.json; the report is read (and its page rendered) now, so a missing
    report is a UsageError before anything listens."""
    from checker.serve.app import create_app
    from checker.serve.store import Store

    check_options(host, token)
    store = Store(out, reconciliations)
    store.run().page()
    store.entries()  # a malformed reconciliation file is reported now, not on the first decision
    return create_app(store, bind_host=host, token=token)


def serve(
    out: str | Path, reconciliations: str | Path, host: str = "127.0.0.1", port: int = 8765, token: str | None = None
) -> None:
    """Serve until interrupted."""
    import logging

    import uvicorn

    app = build(out, reconciliations, host, token)
    sock = listen(host, port)
    shown = f"[{host}]" if ":" in host else host
    where = f"http://{shown}:{sock.getsockname()[1]}/"
    print(f"claimcheck serve: {where}{'?token=<your token>' if token else ''}  "
          f"(report {Path(out) / 'report.json'}, decisions to {reconciliations}; Ctrl-C stops)",
          file=sys.stderr, flush=True)  # fmt: skip
    logging.basicConfig(level=logging.INFO, format="claimcheck serve: %(message)s")
    # no access log: a first visit's URL carries the token
    config = uvicorn.Config(app, log_level="warning", access_log=False, server_header=False, proxy_headers=False,
                            timeout_keep_alive=5, limit_concurrency=64)  # fmt: skip
    uvicorn.Server(config).run(sockets=[sock])
