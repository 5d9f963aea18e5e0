"""The SQLite file: opening it safely, migrating it, and handing out sessions."""
