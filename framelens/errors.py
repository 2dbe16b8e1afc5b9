"""One exception tree.  Messages say what the user should do."""

from __future__ import annotations


class FramelensError(Exception):
    """Base of every error framelens raises on purpose."""


class InputError(FramelensError):
    """An input cannot be read as articles; the message names the input and the problem."""

    def __init__(self, source: str, problem: str) -> None:
        super().__init__(f"{source}: {problem}")
        self.source = source
        self.problem = problem


class ConfigError(FramelensError):
    """A setting has a value framelens cannot use."""


class UsageError(FramelensError):
    """The command was called in a way that cannot work (maps to exit status 2)."""


class StoreError(FramelensError):
    """A corpus store cannot be opened or written: not a framelens store, too new, locked, corrupt."""
