"""Reading a PDF back with poppler, as a person's viewer would."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest


def need_poppler() -> None:
    if shutil.which("pdftotext") is None:
        pytest.fail("poppler-utils is missing: run the README's test command, which installs it")


def pdf_text(path: Path) -> str:
    need_poppler()
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def pdf_fonts(path: Path) -> str:
    need_poppler()
    return subprocess.run(
        ["pdffonts", str(path)], capture_output=True, text=True, check=True
    ).stdout


def pdf_halves(path: Path) -> tuple[str, str]:
    """The text of the left and the right half of each A4 page (two-column documents)."""
    need_poppler()

    def half(x: int) -> str:
        return subprocess.run(
            ["pdftotext", "-x", str(x), "-y", "0", "-W", "298", "-H", "842", str(path), "-"],
            capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip

    return half(0), half(298)


def pdf_words(path: Path) -> str:
    """The text in the order it was drawn, on one line: a label wrapped inside its table cell
    reads as one phrase (the layout mode interleaves it with the cell beside it)."""
    need_poppler()
    raw = subprocess.run(
        ["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return " ".join(raw.split())
