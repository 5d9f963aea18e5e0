"""The bundle's entry point (PyInstaller needs a script, not a package)."""

from akimdesk.cli import main

raise SystemExit(main())
