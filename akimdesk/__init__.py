"""AkimDesk: registers of a rural akim's office (fines, communal property, assemblies)."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("akimdesk")
except PackageNotFoundError:  # running from a tree that was never installed
    __version__ = "0+unknown"
