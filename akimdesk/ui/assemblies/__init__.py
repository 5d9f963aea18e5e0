"""Assemblies screens: the meetings list and members (screen.py), one meeting (meeting_dialog.py)."""
