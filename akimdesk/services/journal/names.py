"""Who a journal row names: a person's full name in one cell split into surname, name and
patronymic, or an organisation recognised by its legal form (the name kept whole)."""

from __future__ import annotations

import re

from akimdesk.services.journal.text import clean, fold

# A Kazakh patronymic may be written as two words: "Нұрлан ұлы".
_PATRONYMIC_WORDS = frozenset({"ұлы", "улы", "қызы", "кызы", "оглы", "гызы", "кизи", "уулу"})
_INITIALS = re.compile(r"^(\w\.){2,3}$")


def split_name(value: object) -> tuple[str, str, str]:
    """(surname, name, patronymic) of "Ахметов Ерлан Қайратұлы", "Ли Юрий Юрьевич",
    "Сейт Айгүл" (no patronymic), "Ахметов Е.К.", "Омаров Серік Нұрлан ұлы"."""
    tokens: list[str] = []
    for token in clean(value).replace(",", " ").split():
        if _INITIALS.match(token):  # "Е.К." -> "Е.", "К."
            tokens += [part + "." for part in token.split(".") if part]
        else:
            tokens.append(_capitalised(token))
    if not tokens:
        return "", "", ""
    if len(tokens) == 1:
        return tokens[0], "", ""
    if len(tokens) == 2:
        return tokens[0], tokens[1], ""
    if len(tokens) >= 4 and fold(tokens[-1]) in _PATRONYMIC_WORDS:
        return tokens[0], " ".join(tokens[1:-2]), " ".join(tokens[-2:])
    return tokens[0], tokens[1], " ".join(tokens[2:])


def _capitalised(token: str) -> str:
    """A name typed in capitals ("АХМЕТОВ") as it is written on documents ("Ахметов")."""
    if len(token) > 1 and token.isupper() and not token.endswith("."):
        return "-".join(part[:1] + part[1:].lower() for part in token.split("-"))
    return token


# Legal forms, abbreviated (a word of the name) or written out (anywhere in the name).
_FORMS = frozenset(
    {"тоо", "жшс", "ип", "жк", "кх", "шқ", "шк", "фх", "ао", "ақ", "ак", "гу", "мм", "кгу",
     "кмм", "гкп", "мкк", "кгкп", "кмқк", "ммк", "оо", "қб", "пк", "өк", "ооо", "оао", "зао",
     "нао", "кақ", "ркп", "рмк", "мкп", "ктп"}
)  # fmt: skip
_FORMS_WRITTEN_OUT = (
    "товарищество с ограниченной ответственностью", "жауапкершілігі шектеулі серіктест",
    "индивидуальный предприниматель", "жеке кәсіпкер", "крестьянское хозяйство",
    "крестьянское (фермерское) хозяйство", "фермерское хозяйство", "шаруа қожалығы",
    "акционерное общество", "акционерлік қоғам", "государственное учреждение",
    "мемлекеттік мекеме", "производственный кооператив", "өндірістік кооператив",
    "общественное объединение", "қоғамдық бірлестік",
)  # fmt: skip


def is_organisation(value: object) -> bool:
    """ "ТОО «Береке»", "ЖШС "Нұр"", "ИП Ахметов", "Береке ШҚ", "Крестьянское хозяйство Нур"."""
    name = fold(clean(value))
    if not name:
        return False
    if any(form in name for form in _FORMS_WRITTEN_OUT):
        return True
    words = re.split(r"[^\w]+", name)
    return any(w in _FORMS for w in words) or bool(re.search(r"[«»\"“”„]", name))
