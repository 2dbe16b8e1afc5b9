"""Run the web app with uvicorn: the one function ``framelens serve`` calls."""

from __future__ import annotations

import dataclasses
import ipaddress
import logging
import socket
from pathlib import Path

from framelens.config import Settings, WebOptions, load_settings
from framelens.errors import UsageError
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


def serve(
    db_path: str | Path,
    host: str = "127.0.0.1",
    port: int = 8000,
    settings: Settings | None = None,
    options: WebOptions | None = None,
) -> None:
    """Serve the store at ``db_path`` read-only until interrupted.

    A loopback address answers only to loopback host names; another address (the user
    chose to publish the store) answers to any, since its names are not known here.
    ``options`` default to the settings' ``web`` section.
    """
    settings = settings or load_settings()
    options = options or settings.web
    if not is_loopback(host):
        options = dataclasses.replace(options, allowed_hosts=("*",))
        log.warning("serving on %s: anyone who can reach this address can read the store", host)
    _check_port(host, port)
    import uvicorn

    app = create_app(db_path, settings, options)
    log.info("serving %s read-only on http://%s:%d/ (Ctrl+C to stop)", db_path, host, port)
    config = uvicorn.Config(app, host=host, port=port, server_header=False, log_level="info")
    uvicorn.Server(config).run()
