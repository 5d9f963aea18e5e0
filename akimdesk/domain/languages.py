"""The two languages documents are kept in: a case's proceedings, a meeting's minutes."""

from __future__ import annotations

from akimdesk.i18n import N_

LANGUAGE_LABELS = {"kk": N_("Kazakh"), "ru": N_("Russian")}
