"""Who may talk to the review server: Host and Origin checks, the access token, CSRF, response headers."""

from __future__ import annotations

import hmac
import ipaddress
import json
from collections.abc import Awaitable, Callable, MutableMapping
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

TOKEN_COOKIE = "claimcheck_token"
CSRF_HEADER = "x-csrf-token"
LOOPBACK_NAMES = {"localhost", "127.0.0.1", "::1"}
SAFE_METHODS = {"GET", "HEAD"}
BASE_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"cache-control", b"no-store"),
]
API_CSP = b"default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"


def is_loopback(host: str) -> bool:
    if host.strip("[]").lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def same(a: str, b: str) -> bool:
    """Constant-time comparison (a timing difference must not reveal how much of a token was right)."""
    return hmac.compare_digest(a.encode("utf-8", "surrogatepass"), b.encode("utf-8", "surrogatepass"))


def _hostname(netloc: str) -> str:
    try:
        return (urlsplit("//" + netloc).hostname or "").lower()
    except ValueError:
        return ""


class Guard:
    """ASGI middleware in front of every route.

    - Host: when bound to loopback, only loopback names are answered (a DNS-rebinding page gets 400);
      when bound to a named address, that name too; on 0.0.0.0 / :: any (the token guards it).
    - Token: when set, every request needs it: `Authorization: Bearer T`, or the cookie set after a
      first visit to `/?token=T` (which then redirects to the same page without it).
    - State changes: only POST, only with an Origin equal to the Host, and with the CSRF token.
    - Every response carries nosniff, frame denial, no referrer, no caching, and a CSP.
    """

    def __init__(self, app: ASGIApp, *, bind_host: str, token: str | None, csrf: str) -> None:
        self.app = app
        self.token = token or None
        self.csrf = csrf
        bind = bind_host.strip("[]").lower()
        self.any_host = bind in ("0.0.0.0", "::", "")
        self.hosts = LOOPBACK_NAMES | {bind}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            if scope["type"] == "lifespan":
                await self.app(scope, receive, send)
            return
        send = self._with_headers(send)
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope.get("headers") or []}
        host = headers.get("host", "")
        if not self.any_host and _hostname(host) not in self.hosts:
            return await _refuse(send, 400, "unexpected Host header", "host")
        if self.token:
            query = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True))
            given = query.get("token")
            if given is not None and scope["method"] in SAFE_METHODS:
                if not same(given, self.token):
                    return await _refuse(send, 401, "wrong token", "token")
                return await _redirect_with_cookie(send, query, self.token)
            if not self._authorised(headers):
                return await _refuse(send, 401, "this server needs its token: open it with ?token=...", "token")
        if scope["method"] not in SAFE_METHODS:
            origin = headers.get("origin", "")
            parts = urlsplit(origin) if origin else None
            if not parts or parts.scheme not in ("http", "https") or parts.netloc.lower() != host.lower():
                return await _refuse(send, 403, "cross-origin request refused", "origin")
            if not same(headers.get(CSRF_HEADER, ""), self.csrf):
                return await _refuse(send, 403, "missing or stale CSRF token; reload the page", "csrf")
        await self.app(scope, receive, send)

    def _authorised(self, headers: dict[str, str]) -> bool:
        assert self.token is not None
        auth = headers.get("authorization", "")
        if auth.lower().startswith("bearer ") and same(auth[7:].strip(), self.token):
            return True
        cookie = SimpleCookie()
        try:
            cookie.load(headers.get("cookie", ""))
        except Exception:  # a malformed Cookie header is no token
            return False
        morsel = cookie.get(TOKEN_COOKIE)
        return morsel is not None and same(morsel.value, self.token)

    @staticmethod
    def _with_headers(send: Send) -> Send:
        async def wrapped(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers") or [])
                names = {k.lower() for k, _ in headers}
                headers += [(k, v) for k, v in BASE_HEADERS if k not in names]
                if b"content-security-policy" not in names:
                    headers.append((b"content-security-policy", API_CSP))
                message["headers"] = headers
            await send(message)

        return wrapped


async def _refuse(send: Send, status: int, message: str, code: str) -> None:
    body = json.dumps({"error": message, "code": code}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": body})


async def _redirect_with_cookie(send: Send, query: dict[str, str], token: str) -> None:
    # always to the page itself: a request path never becomes a redirect target
    rest = urlencode({k: v for k, v in query.items() if k != "token"})
    location = "/" + (f"?{rest}" if rest else "")
    cookie = f"{TOKEN_COOKIE}={token}; HttpOnly; SameSite=Strict; Path=/"
    await send(
        {
            "type": "http.response.start",
            "status": 303,
            "headers": [
                (b"location", location.encode("latin-1", "replace")),
                (b"set-cookie", cookie.encode("latin-1")),
                (b"content-length", b"0"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": b""})
