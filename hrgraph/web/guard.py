"""The middleware in front of every route: over-long URLs (414), DNS rebinding when updates are
enabled (403), and the security headers every answer carries."""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from hrgraph.web.responses import text_response
from hrgraph.web.settings import Settings

__all__ = ["Guard"]

_LOOPBACK_NAMES = {"localhost", "127.0.0.1", "::1", "[::1]"}
_CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        "frame-ancestors 'self'; base-uri 'none'; form-action 'self'; object-src 'none'")
_SECURITY_HEADERS = ((b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"same-origin"),
                     (b"content-security-policy", _CSP.encode()), (b"x-frame-options", b"SAMEORIGIN"))


class Guard:
    """Refuses over-long URLs (414), and, when updates are enabled, Host names other than
    loopback or the bound host (403: DNS rebinding); adds security headers to every answer."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.settings = settings
        self.hosts = _LOOPBACK_NAMES | {settings.host.lower()}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = len(scope.get("raw_path") or scope["path"].encode()) + len(scope.get("query_string", b""))
        if length > self.settings.max_url:
            response = text_response(414, f"URI too long: {length} characters (limit {self.settings.max_url}); "
                                          "send the query by POST")
            await response(scope, receive, send)
            return
        if self.settings.enable_update and _host_name(scope) not in self.hosts:
            response = text_response(403, "unexpected Host header: this server answers to localhost "
                                          f"and {self.settings.host} only")
            await response(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                headers += [(name, value) for name, value in _SECURITY_HEADERS if name not in present]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _host_name(scope: Scope) -> str:
    for name, value in scope.get("headers", []):
        if name == b"host":
            host = value.decode("latin-1").strip().lower()
            if host.startswith("["):
                return host[: host.find("]") + 1]
            return host.rsplit(":", 1)[0] if host.count(":") == 1 else host
    return ""
