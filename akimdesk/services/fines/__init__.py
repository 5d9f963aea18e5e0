"""Fines register operations: validation.py checks input, cases.py changes cases (one transaction
each, with events, outbox and audit), queries.py reads the register, import_export.py imports/exports."""
