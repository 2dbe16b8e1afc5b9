"""Command line: parse arguments, call one library function, print.  Nothing here leaks into the library.

One module per group of commands; importing them registers their commands on ``app``.
"""

from __future__ import annotations

from framelens.cli import articles, corpus, evals, fetching, web
from framelens.cli._app import app, eval_app, main

__all__ = ["app", "articles", "corpus", "eval_app", "evals", "fetching", "main", "web"]
