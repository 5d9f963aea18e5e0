"""Communal property: assets and their movements and files (assets.py), leases and rent
(leases.py), inventory campaigns and the results act (campaigns.py), what screens and reports read
(queries.py), import and export (import_export.py), validation (validation.py), demo data (demo.py)."""
