"""Help: the printed guide per language, a search over every page, the page HTML, and the main
window's first-steps check on a register of demo cases (it runs after every write).

.venv/bin/python bench/help.py [--fines 100000]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from akimdesk.help import guide
from akimdesk.help.html import page_html

WORD = "флешка"  # a word both languages' pages use


def timed(fn, runs: int = 5) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--fines", type=int, default=100_000)
    args = ap.parse_args()
    from akimdesk.reports import guide as printed

    for lang in ("kk", "ru"):
        g = guide.load(lang)
        pdf = b""

        def render(lang: str = lang) -> None:
            nonlocal pdf
            pdf = printed.render("guide", lang)

        s = timed(render, 3)
        print(f"guide {lang}: {len(g.part('guide').pages)} pages printed in {s:.2f} s "
              f"({len(pdf) / 1_048_576:.1f} MB)")  # fmt: skip
        ms = timed(lambda g=g: g.search(WORD), 20) * 1000
        print(f"  search «{WORD}» over {len(g.pages)} pages: {ms:.2f} ms")
        ms = timed(lambda g=g: [page_html(g, p, 800) for p in g.pages.values()], 5) * 1000
        print(f"  every page as HTML: {ms:.1f} ms")

    from akimdesk.services import demo, first_steps
    from akimdesk.services.operation import Actor
    from akimdesk.storage.database import open_database

    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(Path(tmp))
        actor = Actor.system_user()
        demo.ensure_office(db, actor)
        t0 = time.perf_counter()
        demo.generate_fines(db, actor, args.fines)
        print(f"{args.fines:,} demo cases made in {time.perf_counter() - t0:.0f} s")
        first = timed(lambda: first_steps.status(db), 1) * 1000
        warm = timed(lambda: first_steps.status(db), 20) * 1000
        print(f"first steps checked: {first:.1f} ms the first time, then {warm:.2f} ms (median)")
        db.close()


if __name__ == "__main__":
    main()
