"""The two ways a request can fail, one type each, shared by every page, map, export, API and CLI command.

The web layer turns each into a response in one place (a 400 or a 404 that says what is accepted); the CLI
into a usage error naming the argument.
"""

from __future__ import annotations


class BadParameter(ValueError):
    """A parameter this page or command does not take, or a value it cannot use; the message says what it
    accepts."""


class NotFound(LookupError):
    """No record, corridor or collection by that id; the message says where the valid ones are listed."""


MAX_MESSAGE_CHARS = 300
"""Longest error message shown: they quote what was sent, which may be any length."""


def shorten(message: str, limit: int = MAX_MESSAGE_CHARS) -> str:
    """`message`, cut to `limit` characters with an ellipsis."""
    return message if len(message) <= limit else message[: limit - 1] + "…"
