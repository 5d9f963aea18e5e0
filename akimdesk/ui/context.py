"""What every screen is given: the database, who is acting, language and change signals.

Passed explicitly to screens instead of a global main window reached from everywhere.
"""

from __future__ import annotations

import inspect
import sys
import weakref
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Signal

from akimdesk.services.operation import Actor
from akimdesk.storage.changes import ChangeFeed, Changes
from akimdesk.storage.database import Database
from akimdesk.ui.language import LanguageController


def _takes_an_argument(fn: Callable[..., Any]) -> bool:
    try:
        params = inspect.signature(fn).parameters.values()
    except (TypeError, ValueError):  # a builtin without a signature: give it the changes
        return True
    return any(
        p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD, p.VAR_POSITIONAL) for p in params
    )


@dataclass
class _Subscription:
    owner: weakref.ref[QObject] | None
    kinds: frozenset[str] | None
    slot: Callable[[], Callable[..., Any] | None]  # a weak reference to a bound method, or not
    with_changes: bool

    def target(self) -> Callable[..., Any] | None:
        if self.owner is not None:
            owner = self.owner()
            if owner is None or not shiboken6.isValid(owner):
                return None
        return self.slot()


class ChangeBus(QObject):
    """Screens refresh only on what concerns them. Every committed write announces the kinds it
    touched (`storage/changes.py`); the bus brings that to the UI thread and calls the screens that
    subscribed to one of those kinds. A subscription ends with its owner widget: a window that was
    closed and deleted (after "Sign out") is never called again."""

    changed = Signal(object)  # Changes

    def __init__(self, feed: ChangeFeed) -> None:
        super().__init__()
        self._subs: list[_Subscription] = []
        # Emitted from the thread that committed; Qt queues it to this object's (the UI) thread.
        self.changed.connect(self._dispatch)
        self._unsubscribe = feed.subscribe(self.changed.emit)

    def subscribe(
        self, owner: QObject | None, kinds: Iterable[str] | None, slot: Callable[..., Any]
    ) -> None:
        """Calls `slot(changes)` (or `slot()`, when it takes nothing) after a write touching one of
        `kinds` (None: any), for as long as `owner` lives. A bound method is held weakly, so the
        bus keeps nothing alive."""
        # A method of a Python object (a screen) is held weakly; a plain function strongly, for
        # as long as its owner lives.
        get: Callable[[], Callable[..., Any] | None] = (
            weakref.WeakMethod(slot) if hasattr(slot, "__func__") else lambda: slot
        )
        self._subs.append(
            _Subscription(
                weakref.ref(owner) if owner is not None else None,
                frozenset(kinds) if kinds is not None else None,
                get,
                _takes_an_argument(slot),
            )
        )

    def _dispatch(self, changes: Changes) -> None:
        for sub in list(self._subs):
            target = sub.target()
            if target is None:
                self._subs.remove(sub)
                continue
            if sub.kinds is None or changes.touches(sub.kinds):
                try:
                    target(changes) if sub.with_changes else target()
                except Exception:  # one screen's failure must not keep the others stale
                    sys.excepthook(*sys.exc_info())


@dataclass
class AppContext:
    db: Database
    actor: Actor
    data_dir: Path
    language: LanguageController
    bus: ChangeBus
    offer_demo: bool = False
