"""The district server: FastAPI over PostgreSQL (SQLite only for a quick local try).

`models` are its tables, `batches` applies what offices send, `reference` serves and edits the
district's reference data, `records` gives an office its records back, `app` is the HTTP face and
`cli` the `akimdesk-server` command.
"""
