"""Office <-> district sync: the wire protocol, the office's client, and the district server.

`protocol` is shared by both sides; `client`, `outbox`, `refdata` and `records` run in the office;
`server/` is the district's FastAPI application.
"""
