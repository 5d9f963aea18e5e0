"""Assemblies and gatherings: members (members.py), meetings and their minutes (meetings.py),
what screens and reports read (queries.py), export and publishing (publish.py)."""
