"""Errors a person can act on. Messages are untranslated msgids; the UI translates them."""

from __future__ import annotations

from akimdesk.i18n import Msg


class ValidationError(Exception):
    """Bad input, field by field: {field name: message}. A field of "" is about the whole form."""

    def __init__(self, errors: dict[str, str | Msg]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


class PermissionDenied(Exception):
    pass


def fail(field: str, message: str | Msg) -> ValidationError:
    return ValidationError({field: message})
