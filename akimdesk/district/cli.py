"""`akimdesk-server`: run the district server and manage offices and reference data.

This is the district IT person's tool, in English like the server's logs; offices never see it.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from akimdesk.district import batches, db, reference
from akimdesk.district.asgi import DB_ENV, SLOTS_ENV
from akimdesk.district.models import OfficeAccount, now
from akimdesk.district.tokens import hint, new_token, token_hash

PROXY_ENV = "AKIMDESK_TRUSTED_PROXY"


def _parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="akimdesk-server", description="AkimDesk district server")
    ap.add_argument(
        "--database-url",
        default=os.environ.get(DB_ENV),
        help=f"SQLAlchemy URL, e.g. postgresql+psycopg://user@host/db (or ${DB_ENV})",
    )
    sub = ap.add_subparsers(dest="command", required=True)

    sv = sub.add_parser("serve", help="upgrade the database and serve HTTP")
    sv.add_argument("--host", default="127.0.0.1")
    sv.add_argument("--port", type=int, default=8700)
    sv.add_argument("--workers", type=int, default=1)
    sv.add_argument("--pool", type=int, default=20, help="database connections per worker")
    sv.add_argument(
        "--batch-slots", type=int, default=2,
        help="batches applied at once per worker; more offices are told when to come back",
    )  # fmt: skip
    sv.add_argument(
        "--trusted-proxy", action="append", default=[], metavar="ADDRESS",
        help="the HTTPS proxy in front (its IP address, or *): its X-Forwarded-Proto and "
        "X-Forwarded-For are believed, so cookies are marked Secure; without it they are not",
    )  # fmt: skip

    sub.add_parser("init-db", help="create or upgrade the tables and load the initial catalog")

    ao = sub.add_parser("add-office", help="register an office and print its token")
    ao.add_argument("--name", help="the office's name, for both languages")
    ao.add_argument("--name-kk", default="", help="its name in Kazakh, for Kazakh pages")
    ao.add_argument("--name-ru", default="", help="its name in Russian, for Russian pages")
    ao.add_argument("--bin", required=True)
    ao.add_argument("--district", default="")
    ao.add_argument("--settlement", action="append", default=[], metavar="KK|RU[|KATO]")

    for name, text in (("rotate-token", "issue a new token"), ("revoke", "revoke the token")):
        p = sub.add_parser(name, help=f"{text} of an office (by BIN)")
        p.add_argument("bin")

    of = sub.add_parser("offices", help="offices with records held, rejected ops, last sync")
    of.add_argument("--format", choices=["text", "json"], default="text")

    rj = sub.add_parser("rejected", help="ops the server refused, with reasons")
    rj.add_argument("--office", help="BIN")
    rj.add_argument("--format", choices=["text", "json"], default="text")

    au = sub.add_parser("add-user", help="a district person for the web view")
    au.add_argument("--login", required=True)
    au.add_argument("--name", required=True, help="full name, shown in the log")
    au.add_argument("--role", choices=["viewer", "editor"], default="viewer")
    au.add_argument("--district", required=True, help="sees the offices added with this district")
    au.add_argument("--password", help="read from standard input when not given")
    du = sub.add_parser("disable-user", help="switch a district person's login off")
    du.add_argument("login")

    se = sub.add_parser("setting", help="list the server's settings, or set one")
    se.add_argument("name", nargs="?", help="time_zone | draft_days")
    se.add_argument("value", nargs="?")

    rd = sub.add_parser("refdata", help="list or edit reference data")
    rsub = rd.add_subparsers(dest="action", required=True)
    ls = rsub.add_parser("list")
    ls.add_argument("--dataset")
    mrp = rsub.add_parser("set-mrp", help="the МРП in tenge from a date")
    mrp.add_argument("--from", dest="valid_from", type=date.fromisoformat, required=True)
    mrp.add_argument("--amount", type=int, required=True)
    mrp.add_argument("--purpose", choices=["fines", "benefits"], default="fines")
    mrp.add_argument("--reason", default="", help="required when correcting an existing value")
    art = rsub.add_parser("article", help="add or replace an offence article")
    art.add_argument("--article", required=True)
    art.add_argument("--part", default="")
    art.add_argument("--title-kk", required=True)
    art.add_argument("--title-ru", required=True)
    art.add_argument("--from", dest="valid_from", type=date.fromisoformat, required=True)
    art.add_argument("--to", dest="valid_to", type=date.fromisoformat)
    art.add_argument("--warning", action="store_true", help="a warning may be imposed")
    art.add_argument("--sanction", action="append", default=[], metavar="CATEGORY:MIN:MAX")
    art.add_argument("--kbk", help="budget classification code its fines are paid to")
    prior = art.add_mutually_exclusive_group()
    prior.add_argument(
        "--needs-prior",
        dest="needs_prior",
        action="store_true",
        default=None,
        help="the part applies only after a penalty under the article within a year",
    )
    prior.add_argument("--no-prior", dest="needs_prior", action="store_false")
    hol = rsub.add_parser("holidays", help="a year's days off: Құрбан айт and the transfers")
    hol.add_argument("--year", type=int, required=True)
    hol.add_argument("--kurban-ait", type=date.fromisoformat, help="first day of Құрбан айт")
    hol.add_argument(
        "--day-off",
        type=date.fromisoformat,
        action="append",
        default=[],
        help="a weekday made a day off by the government (repeatable)",
    )
    hol.add_argument(
        "--workday",
        type=date.fromisoformat,
        action="append",
        default=[],
        help="a Saturday or Sunday made a working day (repeatable)",
    )
    hol.add_argument("--note", default="", help="the decree or order, kept in the row")
    req = rsub.add_parser("requisites", help="where an office's fines are paid, from a date")
    req.add_argument("--office", required=True, help="BIN")
    req.add_argument("--from", dest="valid_from", type=date.fromisoformat, required=True)
    for name, text in (("beneficiary-kk", "beneficiary's name in Kazakh"),
                       ("beneficiary-ru", "beneficiary's name in Russian"),
                       ("beneficiary-bin", "beneficiary's BIN"), ("iik", "account (IBAN)"),
                       ("bik", "bank's BIC"), ("bank-kk", "bank's name in Kazakh"),
                       ("bank-ru", "bank's name in Russian"), ("kbe", "beneficiary code"),
                       ("knp", "payment purpose code")):  # fmt: skip
        req.add_argument(f"--{name}", required=True, help=text)
    req.add_argument("--note", default="")
    st = rsub.add_parser("settlement", help="add a settlement of an office")
    st.add_argument("--office", required=True, help="BIN")
    st.add_argument("--kk", required=True)
    st.add_argument("--ru", required=True)
    st.add_argument("--kato", default="")
    return ap


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if not args.database_url:
        print(f"error: give --database-url or set {DB_ENV}", file=sys.stderr)
        return 2
    url = args.database_url
    if args.command == "serve":
        return _serve(args, url)
    db.upgrade(url)
    engine = db.make_engine(url, pool_size=2)
    try:
        with db.sessions(engine)() as s, s.begin():
            return COMMANDS[args.command](s, args)
    except (reference.RefError, LookupError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    finally:
        engine.dispose()


def _serve(args: argparse.Namespace, url: str) -> int:
    import uvicorn

    db.upgrade(url)
    engine = db.make_engine(url, pool_size=2)
    with db.sessions(engine)() as s, s.begin():
        reference.seed_initial(s)
    engine.dispose()
    os.environ[DB_ENV] = url
    os.environ["AKIMDESK_SERVER_POOL"] = str(args.pool)
    os.environ[SLOTS_ENV] = str(args.batch_slots)
    trusted = ",".join(args.trusted_proxy) or os.environ.get(PROXY_ENV, "")
    uvicorn.run(
        "akimdesk.district.asgi:make_app", factory=True, host=args.host, port=args.port,
        workers=args.workers, log_level="warning", timeout_keep_alive=30,
        proxy_headers=bool(trusted), forwarded_allow_ips=trusted or None,
    )  # fmt: skip
    return 0


def _init_db(s: Session, _args: argparse.Namespace) -> int:
    print(f"reference rows loaded: {reference.seed_initial(s)}")
    return 0


def _office(s: Session, office_bin: str) -> OfficeAccount:
    office = s.scalar(select(OfficeAccount).where(OfficeAccount.bin == office_bin))
    if office is None:
        raise LookupError(f"no office with BIN {office_bin}")
    return office


def _add_office(s: Session, args: argparse.Namespace) -> int:
    reference.seed_initial(s)
    if s.scalar(select(OfficeAccount).where(OfficeAccount.bin == args.bin)) is not None:
        raise LookupError(f"an office with BIN {args.bin} exists; use rotate-token")
    name = args.name or args.name_ru or args.name_kk
    if not name:
        raise LookupError("give --name, or --name-kk and --name-ru")
    token = new_token()
    office = OfficeAccount(
        name=name, name_kk=args.name_kk, name_ru=args.name_ru, bin=args.bin,
        district=args.district, token_hash=token_hash(token), token_hint=hint(token),
    )  # fmt: skip
    s.add(office)
    s.flush()
    for spec in args.settlement:
        parts = [*spec.split("|"), "", ""]
        kk, ru, kato = parts[0], parts[1] or parts[0], parts[2]
        reference.add_settlement(s, office.id, office.bin, kk, ru, kato)
    print(token)
    return 0


def _rotate(s: Session, args: argparse.Namespace) -> int:
    office = _office(s, args.bin)
    token = new_token()
    office.previous_token_hash = office.token_hash
    office.token_hash, office.token_hint, office.revoked_at = token_hash(token), hint(token), None
    print(token)
    return 0


def _revoke(s: Session, args: argparse.Namespace) -> int:
    office = _office(s, args.bin)
    office.revoked_at = now()  # the hash stays, so the PC is told "revoked", not "unknown"
    print(f"revoked: {office.name}")
    return 0


def _offices(s: Session, args: argparse.Namespace) -> int:
    counts = batches.record_counts(s)
    rejected: dict[Any, int] = {}
    for op in batches.rejected_ops(s):
        rejected[op.office_id] = rejected.get(op.office_id, 0) + 1
    rows: list[dict[str, Any]] = []
    for o in s.scalars(select(OfficeAccount).order_by(OfficeAccount.name)):
        rows.append(
            {
                "bin": o.bin, "name": o.name, "district": o.district,
                "records": {e: n for (oid, e), n in sorted(counts.items(), key=str) if oid == o.id},
                "rejected": rejected.get(o.id, 0),
                "last_sync_at": o.last_sync_at.isoformat() if o.last_sync_at else None,
                "app_version": o.app_version, "clock_skew_s": o.clock_skew_s,
                "epoch_changes": o.epoch_changes, "revoked": o.revoked_at is not None,
            }
        )  # fmt: skip
    if args.format == "json":
        print(json.dumps(rows, ensure_ascii=False, indent=1))
    else:
        for r in rows:
            held = ", ".join(f"{e} {n}" for e, n in r["records"].items()) or "no records"
            state = " (revoked)" if r["revoked"] else ""
            print(f"{r['bin']}  {r['name']}{state}: {held}; rejected {r['rejected']}; "
                  f"last sync {r['last_sync_at'] or 'never'}")  # fmt: skip
    return 0


def _rejected(s: Session, args: argparse.Namespace) -> int:
    office_id = _office(s, args.office).id if args.office else None
    rows = [
        {"op_id": str(o.op_id), "seq": o.seq, "entity": o.entity, "entity_id": o.entity_id,
         "reason": o.reason, "field": o.detail, "received_at": o.received_at.isoformat()}
        for o in batches.rejected_ops(s, office_id)
    ]  # fmt: skip
    if args.format == "json":
        print(json.dumps(rows, indent=1))
    else:
        for r in rows:
            field = f" ({r['field']})" if r["field"] else ""
            print(f"{r['received_at']}  {r['entity']} {r['entity_id']}: {r['reason']}{field}")
    return 0


def _refdata(s: Session, args: argparse.Namespace) -> int:
    if args.action == "list":
        for r in reference.listing(s, args.dataset):
            print(f"{r.dataset:12} v{r.rev:<5} {json.dumps(r.data, ensure_ascii=False)}")
    elif args.action == "set-mrp":
        row = reference.set_mrp(s, args.valid_from, args.amount, args.purpose, args.reason)
        print(f"МРП from {args.valid_from}: {args.amount} ({args.purpose}), version {row.rev}")
    elif args.action == "article":
        sanctions = {}
        for spec in args.sanction:
            try:
                cat, lo, hi = spec.split(":")
                sanctions[cat] = (int(lo), int(hi))
            except ValueError:
                raise reference.RefError(f"sanction {spec!r}: write CATEGORY:MIN:MAX") from None
        row = reference.upsert_article(
            s, args.article, args.part, args.title_kk, args.title_ru, args.valid_from,
            args.valid_to, args.warning, bool(sanctions), sanctions,
            needs_prior=args.needs_prior, kbk=args.kbk,
        )  # fmt: skip
        print(f"article {args.article}-{args.part}: version {row.rev}")
    elif args.action == "holidays":
        row = reference.set_holidays(
            s, args.year, args.kurban_ait, args.day_off, args.workday, args.note
        )
        off = len(row.data["holidays"]) + len(row.data["days_off"])
        print(f"holidays {args.year}: {off} days off, version {row.rev}")
    elif args.action == "requisites":
        office = _office(s, args.office)
        values = {k: getattr(args, k) for k in reference.REQUISITES}
        row = reference.set_requisites(s, office.id, office.bin, args.valid_from, values, args.note)
        print(f"requisites of {office.bin} from {args.valid_from}: version {row.rev}")
    elif args.action == "settlement":
        office = _office(s, args.office)
        row = reference.add_settlement(s, office.id, office.bin, args.kk, args.ru, args.kato)
        print(f"settlement {args.ru}: version {row.rev}")
    return 0


def _add_user(s: Session, args: argparse.Namespace) -> int:
    from akimdesk.district.web.auth import add_user

    password = args.password if args.password is not None else sys.stdin.readline().rstrip("\n")
    try:
        user = add_user(s, args.login, args.name, args.role, args.district, password)
    except ValueError as exc:
        raise LookupError(str(exc)) from None
    print(f"user {user.login} ({user.role}) sees the offices of {user.district}")
    return 0


def _disable_user(s: Session, args: argparse.Namespace) -> int:
    from akimdesk.district.models import DistrictUser, WebSession

    user = s.scalar(select(DistrictUser).where(DistrictUser.login == args.login))
    if user is None:
        raise LookupError(f"no user {args.login}")
    user.disabled_at = now()
    s.query(WebSession).filter(WebSession.user_id == user.id).delete()
    print(f"disabled: {user.login}")
    return 0


def _setting(s: Session, args: argparse.Namespace) -> int:
    from akimdesk.district import settings

    if args.name and args.value is not None:
        try:
            settings.put(s, args.name, args.value)
        except ValueError as exc:
            raise LookupError(str(exc)) from None
    for name, value, about in settings.listing(s):
        if not args.name or name == args.name:
            print(f"{name} = {value}    # {about}")
    return 0


COMMANDS = {
    "setting": _setting,
    "add-user": _add_user,
    "disable-user": _disable_user,
    "init-db": _init_db,
    "add-office": _add_office,
    "rotate-token": _rotate,
    "revoke": _revoke,
    "offices": _offices,
    "rejected": _rejected,
    "refdata": _refdata,
}
