"""Errors a person can act on. Messages are untranslated msgids; the UI translates them."""

from __future__ import annotations

from akimdesk.domain.roles import ROLE_LABELS
from akimdesk.i18n import N_, Msg, translator


class ValidationError(Exception):
    """Bad input, field by field: {field name: message}. A field of "" is about the whole form."""

    def __init__(self, errors: dict[str, str | Msg]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


class PermissionDenied(ValidationError):
    """The role does not allow the action. A ValidationError about the whole form, so every
    screen already shows it where it shows refusals, and what was typed stays."""

    def __init__(self, action: str, roles: list[str]) -> None:
        super().__init__({"": NeedsRole(roles)})
        self.action = action


class NeedsRole(Msg):
    def __init__(self, roles: list[str]) -> None:
        super().__init__(NEEDS_ROLE)
        self.roles = roles

    def render(self, lang: str | None = None) -> str:
        t = translator(lang)
        return t(self.text).format(roles=", ".join(t(ROLE_LABELS[r]) for r in self.roles))

    def __str__(self) -> str:
        return self.text.format(roles=", ".join(self.roles))


NEEDS_ROLE = N_("Your account may not do this: it needs the role {roles}. Ask the administrator.")


def fail(field: str, message: str | Msg) -> ValidationError:
    return ValidationError({field: message})
