"""Run the web app with uvicorn: the one function ``framelens serve`` calls."""

from __future__ import annotations

import dataclasses
import ipaddress
import logging
import socket
from pathlib import Path

from framelens.config import Settings, WebOptions, load_settings
from framelens.errors import UsageError
from framelens.web import security
from framelens.web.app import create_app

log = logging.getLogger(__name__)


def is_loopback(host: str) -> bool:
    """Whether ``host`` is reachable from this machine only."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _check_port(host: str, port: int) -> None:
    """A UsageError naming the port when it cannot be bound (uvicorn would only log and exit)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host.strip("[]"), port))
        except OSError as exc:
            raise UsageError(
                f"cannot listen on {host}:{port} ({exc.strerror or exc}); pass another --port or --host"
            ) from None


def _wildcard(host: str) -> bool:
    try:
        return ipaddress.ip_address(host.strip("[]")).is_unspecified
    except ValueError:
        return False


def published_hosts(host: str, extra: tuple[str, ...] = ()) -> tuple[str, ...]:
    """Host names a server on ``host`` answers to besides the loopback ones and ``extra``.

    An address it listens on is allowed anyway (``security.host_allowed``); a name must be
    listed: the one given, or for a wildcard address (0.0.0.0, ::) this machine's own names.
    """
    names = list(extra)
    if _wildcard(host):
        names += [socket.gethostname(), socket.getfqdn()]
    else:
        names.append(host)
    return tuple(dict.fromkeys(n.lower() for n in names if n))


def check_access(host: str, token: str | None) -> None:
    """A UsageError when the server would publish the store without a (usable) token."""
    if token is not None:
        problem = security.token_problem(token)
        if problem:
            raise UsageError(f"--token / FRAMELENS_TOKEN: {problem}")
    elif not is_loopback(host):
        raise UsageError(
            f"serving on {host} lets other machines in, so it needs an access token: pass --token "
            "TOKEN or set FRAMELENS_TOKEN (16+ characters, e.g. from "
            "python -c 'import secrets; print(secrets.token_urlsafe(24))')"
        )


def serve(
    db_path: str | Path,
    host: str = "127.0.0.1",
    port: int = 8000,
    settings: Settings | None = None,
    options: WebOptions | None = None,
    token: str | None = None,
    allow_hosts: tuple[str, ...] = (),
) -> None:
    """Serve the store at ``db_path`` read-only until interrupted.

    A loopback address needs no token; another one does (the user chose to publish the
    store, perhaps more widely than meant).  Either way the server answers only to the
    host names of ``options.allowed_hosts``, ``allow_hosts`` and, off loopback, this
    machine's names (``published_hosts``).  ``options`` default to the settings' ``web`` section.
    """
    settings = settings or load_settings()
    options = options or settings.web
    check_access(host, token)
    names = tuple(options.allowed_hosts) + tuple(allow_hosts)
    if not is_loopback(host):
        names += published_hosts(host)
        log.warning("serving on %s: whoever reaches it with the token can read the store", host)
    names = tuple(dict.fromkeys(names))
    options = dataclasses.replace(options, allowed_hosts=names)
    _check_port(host, port)
    import uvicorn

    app = create_app(db_path, settings, options, token=token)
    shown = socket.gethostname() if _wildcard(host) else host if ":" not in host else f"[{host}]"
    log.info("serving %s read-only on http://%s:%d/ (Ctrl+C to stop)", db_path, shown, port)
    if token is not None:
        log.info("open http://%s:%d/?token=TOKEN once; the browser keeps it in a cookie", shown, port)
    log.info("answering to the host names %s and the addresses it listens on", ", ".join(names))
    config = uvicorn.Config(app, host=host, port=port, server_header=False, log_level="info")
    # after Config, which sets up uvicorn's loggers: the access log prints ?token= values
    logging.getLogger("uvicorn.access").addFilter(security.RedactToken())
    uvicorn.Server(config).run()
