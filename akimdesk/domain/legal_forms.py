"""Legal forms of organisations as a document in Kazakh or Russian writes them: «Береке» ЖШС in a
Kazakh document is ТОО «Береке» in a Russian one. A name is stored as typed; printing puts its
legal form in the document's language and place (after the name in Kazakh, before it in Russian).
"""

from __future__ import annotations

import re

# (Kazakh, Russian) abbreviations of the legal forms tenants and counterparties have [C: the
# abbreviations in use in the state register of legal entities].
FORMS = (
    ("ЖШС", "ТОО"),  # limited liability partnership
    ("ЖК", "ИП"),  # individual entrepreneur
    ("ШҚ", "КХ"),  # peasant (farm) enterprise
    ("АҚ", "АО"),  # joint-stock company
    ("ӨК", "ПК"),  # production cooperative
    ("ММ", "ГУ"),  # state institution
    ("МКК", "ГКП"),  # state municipal enterprise
)
_ANY = "|".join(re.escape(x) for pair in FORMS for x in pair)
_BEFORE = re.compile(rf"^({_ANY})\s+(.+)$")
_AFTER = re.compile(rf"^(.+?)\s+({_ANY})$")


def split(name: str) -> tuple[str, int | None]:
    """The name without its legal form, and which form (an index of FORMS) it had."""
    text = " ".join(name.split())
    for pattern, form_at in ((_BEFORE, 1), (_AFTER, 2)):
        m = pattern.match(text)
        if m:
            form = m.group(form_at)
            index = next(i for i, pair in enumerate(FORMS) if form in pair)
            return m.group(3 - form_at), index
    return text, None


def in_language(name: str, lang: str) -> str:
    """`name` with its legal form written as a document in `lang` writes it."""
    bare, index = split(name)
    if index is None:
        return " ".join(name.split())
    kk, ru = FORMS[index]
    return f"{bare} {kk}" if lang == "kk" else f"{ru} {bare}"
