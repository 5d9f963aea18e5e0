"""AkimDesk: registers of a rural akim's office (fines, communal property, assemblies)."""

import os
import sys


def _version() -> str:
    """pyproject's version from the package's installed metadata (a bundle carries it too), found
    as importlib.metadata finds it (the first folder on sys.path that holds it) without importing
    importlib.metadata, whose import was a fortieth of the start-up."""
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:  # a zip, a folder gone
            continue
        for name in names:
            low = name.lower()
            if low.endswith(".dist-info") and low.startswith("akimdesk-"):
                meta = "METADATA"
            elif low.endswith(".egg-info") and (low == "akimdesk.egg-info"
                                                or low.startswith("akimdesk-")):  # fmt: skip
                meta = "PKG-INFO"
            else:
                continue
            try:
                with open(os.path.join(entry or ".", name, meta), encoding="utf-8") as fh:
                    for line in fh:
                        if line.startswith("Version:"):
                            return line.split(":", 1)[1].strip()
                        if not line.strip():
                            break  # the headers end
            except OSError:
                continue
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("akimdesk")
    except PackageNotFoundError:  # running from a tree that was never installed
        return "0+unknown"


__version__ = _version()
