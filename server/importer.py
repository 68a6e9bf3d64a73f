"""Import a marketing-system batch (:mod:`server.import_rows`): validate every row, then apply all or nothing.

One transaction: the rows are checked against each other and against the database
(archives, teams, users); with any error nothing is written and the report lists each
error by sheet, row and field. Otherwise:

- archives are upserted by customer number; an archive that changed is rewritten, an
  ``archive`` change goes to the company's supervisors, and every open order at that
  customer is republished with the new archive embedded (how handhelds learn of it);
- each service request becomes one order, ``order_no = "MS-" + external_id``: one order per
  external id, so importing the same batch again writes nothing (an order already imported
  is left as it is; changing it is dispatch's business);
- an order naming a technician is ``assigned`` to them (and a replacement gets its meter
  authorisations); one naming only a team waits unassigned (``requested``, no technician),
  visible to the team's supervisors, until a team leader assigns it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime
from functools import partial

from sqlalchemy import Connection, Engine, select

from app.domain import identifiers
from app.domain.demo_data import TITLES
from app.domain.entities import UTILITY_TZ, Archive, Customer, Meter, Role, Tariff
from app.domain.serialize import from_record
from app.domain.work_orders import FAMILY_OF, Family, Kind, Priority, Status, WorkOrder
from server import changelog, service_areas, tariffs
from server.authorisations import TaskAuthority
from server.db import tables
from server.import_apply import Plan, apply, order_no_for
from server.import_checks import ImportReport, RowError, Rows, date_of, datetime_of, enum_of, yes_no
from server.import_rows import CUSTOMERS, METERS, REQUESTS, TARIFFS, Batch, Row
from server.orders import StoredOrder

_EXTERNAL_ID = re.compile(r"[A-Za-z0-9._-]{1,32}")
NEEDS_NEW_METER = frozenset({Kind.METER_REPLACE, Kind.NEW_INSTALL})


def import_batch(engine: Engine, batch: Batch, *, now: int, authority: TaskAuthority | None = None,
                 asset_check: str = "none") -> ImportReport:
    """Validate ``batch`` and, when every row is valid, apply it in one transaction.

    ``authority`` issues the meter authorisations of replacement orders assigned to a
    technician; without it they get theirs when the technician starts the order. ``asset_check``
    is the utility's check-digit rule for asset numbers (``identifiers.CHECK_DIGIT_RULES``)."""
    report = ImportReport(batch.batch_id)
    check_asset = partial(identifiers.asset_no_checked, rule=asset_check)
    with engine.begin() as conn:
        plan = _validate(conn, batch, report, check_asset, now=now)
        if report.errors or plan is None:
            return report
        apply(conn, plan, report, now=now, authority=authority)
        report.imported = True
    return report


def _validate(conn: Connection, batch: Batch, report: ImportReport, check_asset: Callable[[str], str], *,
              now: int) -> Plan | None:
    referenced = {identifiers.canonical(r.get("customer_no")) for kind in (CUSTOMERS, METERS, REQUESTS)
                  for r in batch.of(kind)}
    existing = _archives_of(conn, referenced)
    teams = {r.team_id: r.company_id for r in conn.execute(select(tables.teams.c.team_id,
                                                                  tables.teams.c.company_id))}
    companies = set(teams.values())
    batch_tariffs, bad_tariffs = _tariff_rows(batch, report)
    stored_tariffs = tariffs.load(conn)
    known_tariffs = stored_tariffs | batch_tariffs
    # Customers and meters the batch names, valid or not: a row that refers to one whose own row is
    # in error is not reported again (the first error is the one to fix).
    named = {identifiers.canonical(r.get("customer_no")) for r in batch.of(CUSTOMERS)}
    metered = {identifiers.canonical(r.get("customer_no")) for r in batch.of(METERS)}
    customers: dict[str, tuple[Row, Customer, Tariff, bool]] = {}
    for row in batch.of(CUSTOMERS):
        r = Rows(report, row)
        no = r.ident("customer_no", identifiers.customer_no)
        name, address, company = r.text("name"), r.text("address"), r.text("company_id")
        tariff_code, prepaid = r.text("tariff_code"), yes_no(r, "prepaid")
        tariff = known_tariffs.get(tariff_code)
        if tariff_code and tariff is None and tariff_code not in bad_tariffs:
            r.error("tariff_code", f"unknown tariff '{tariff_code}' (known: "
                                   f"{', '.join(known_tariffs) or 'none: send PricingStructure rows'})")
        if company and company not in companies:
            r.error("company_id", f"unknown company '{company}'")
        if no and no in customers:
            r.error("customer_no", f"customer {no} is already in this batch "
                                   f"({customers[no][0].where} row {customers[no][0].number})")
        if r.ok and tariff is not None and prepaid is not None:
            old = existing.get(no)
            transformer = r.text("transformer") or (old.customer.transformer if old else "")
            customers[no] = (row, Customer(no, name, address, r.text("phone"), company, transformer),
                             tariff, prepaid)
    meters: dict[str, tuple[Row, Meter, date | None]] = {}  # customer_no -> its meter
    meter_rows: dict[str, Row] = {}  # asset_no -> the row
    for row in batch.of(METERS):
        r = Rows(report, row)
        asset, address = r.ident("asset_no", check_asset), r.ident("meter_address",
                                                                           identifiers.meter_address)
        model, no = r.text("model"), r.ident("customer_no", identifiers.customer_no)
        installed, tag = date_of(r, "install_date"), r.ident("tag_uid", identifiers.tag_uid)  # tag: may be ""
        if asset in meter_rows:
            first = meter_rows[asset]
            r.error("asset_no", f"meter {asset} is already in this batch ({first.where} row {first.number})")
        if no in meters:
            first = meters[no][0]
            r.error("customer_no", f"customer {no} already has a meter in this batch ({first.where} row "
                                   f"{first.number}); an archive holds one meter")
        if no and no not in existing and no not in customers:
            if no not in named:
                r.error("customer_no", f"unknown customer {no} (neither in the archive nor in this batch)")
            r.ok = False
        if r.ok:
            meter_rows[asset] = row
            old = existing.get(no)
            prepaid = customers[no][3] if no in customers else (old.meter.prepaid if old else True)
            meters[no] = (row, Meter(asset, address, model, r.text("wiring") or "单相",
                                     r.text("rated_current") or "5(60)A", prepaid, r.text("manufacturer"),
                                     tag),
                          installed)
    archives = _archives(report, customers, meters, existing, metered)
    _one_customer_per_meter(conn, report, archives, meters)
    _retariffed(conn, stored_tariffs, batch_tariffs, archives, existing)
    plan_orders = _orders(conn, batch, report, archives, existing, teams, named | metered, check_asset,
                          now=now)
    return Plan(archives, existing, plan_orders, batch_tariffs)


def _tariff_rows(batch: Batch, report: ImportReport) -> tuple[dict[str, Tariff], set[str]]:
    """The batch's tariffs by code, and the codes of the rows in error (not reported again)."""
    out: dict[str, Tariff] = {}
    bad: set[str] = set()
    for row in batch.of(TARIFFS):
        r = Rows(report, row)
        code = r.text("tariff_code")
        if code in out:
            r.error("tariff_code", f"tariff {code} is already in this batch")
        tariff = tariffs.parse(r)
        if tariff is None or not r.ok:
            bad.add(code)
        elif code not in out:
            out[code] = tariff
    return out, bad


def _retariffed(conn: Connection, known: dict[str, Tariff], batch_tariffs: dict[str, Tariff],
                archives: dict[str, Archive], existing: dict[str, Archive]) -> None:
    """Every archive on a tariff the batch changes, with the new tariff: rewritten as a changed
    archive (published, its open orders republished). ``known``: the tariffs stored before."""
    changed = [code for code, t in batch_tariffs.items() if code in known and known[code] != t]
    if not changed:
        return
    c = tables.archives.c
    for r in conn.execute(select(c.customer_no, c.payload).where(c.tariff_code.in_(changed))):
        if r.customer_no not in archives:
            old = from_record(Archive, changelog.unpack(r.payload))
            existing.setdefault(r.customer_no, old)
            archives[r.customer_no] = replace(old, tariff=batch_tariffs[old.tariff.code])
    for no, archive in archives.items():
        if archive.tariff.code in changed and archive.tariff != batch_tariffs[archive.tariff.code]:
            archives[no] = replace(archive, tariff=batch_tariffs[archive.tariff.code])


_CHUNK = 500  # identifiers per IN (...) query


def _archives_of(conn: Connection, customer_nos: set[str]) -> dict[str, Archive]:
    """The archives of these customers (only those the batch names: the archive may hold millions)."""
    c, wanted, out = tables.archives.c, sorted(customer_nos), {}
    for i in range(0, len(wanted), _CHUNK):
        query = select(c.customer_no, c.payload).where(c.customer_no.in_(wanted[i:i + _CHUNK]))
        out.update({r.customer_no: from_record(Archive, changelog.unpack(r.payload))
                    for r in conn.execute(query)})
    return out


def _held(conn: Connection, asset_nos: set[str]) -> dict[str, str]:
    """asset_no -> the customer each of these meters is installed at, by the archive."""
    c, wanted, out = tables.archives.c, sorted(asset_nos), {}
    for i in range(0, len(wanted), _CHUNK):
        query = select(c.asset_no, c.customer_no).where(c.asset_no.in_(wanted[i:i + _CHUNK]))
        out.update({r.asset_no: r.customer_no for r in conn.execute(query)})
    return out


def _archives(report: ImportReport, customers: dict[str, tuple[Row, Customer, Tariff, bool]],
              meters: dict[str, tuple[Row, Meter, date | None]], existing: dict[str, Archive],
              metered: set[str]) -> dict[str, Archive]:
    out: dict[str, Archive] = {}
    for no in dict.fromkeys([*customers, *meters]):
        old = existing.get(no)
        if no in customers:
            row, customer, tariff, prepaid = customers[no]
            if no in meters:
                meter, installed = meters[no][1], meters[no][2]
            elif old is not None:
                meter, installed = replace(old.meter, prepaid=prepaid), old.install_date
            else:
                if no not in metered:
                    report.errors.append(RowError(row.where, row.number, "customer_no",
                                                  f"customer {no} is new and has no MeterConfig row"))
                continue
        else:
            assert old is not None  # checked with the meter row
            customer, tariff = old.customer, old.tariff
            meter, installed = meters[no][1], meters[no][2]
        if old is not None and installed is None and meter.asset_no == old.meter.asset_no:
            installed = old.install_date
        out[no] = Archive(customer, meter, tariff, installed, old.ct_ratio if old else 1)
    return out


def _one_customer_per_meter(conn: Connection, report: ImportReport, archives: dict[str, Archive],
                            meters: dict[str, tuple[Row, Meter, date | None]]) -> None:
    """A meter the batch puts at a customer must not stay at another one in the archive."""
    c = tables.archives.c
    for no, (row, meter, _) in meters.items():
        held = conn.execute(select(c.customer_no).where(c.asset_no == meter.asset_no,
                                                        c.customer_no != no)).scalar()
        if held is not None and (held not in archives or archives[held].meter.asset_no == meter.asset_no):
            report.errors.append(RowError(row.where, row.number, "asset_no",
                                          f"meter {meter.asset_no} is installed at customer {held}"))


def _orders(conn: Connection, batch: Batch, report: ImportReport, archives: dict[str, Archive],
            existing: dict[str, Archive], teams: dict[str, str], named: set[str],
            check_asset: Callable[[str], str], *, now: int) -> list[StoredOrder]:
    u = tables.users.c
    techs = {r.user_id: r.team_id for r in conn.execute(select(u.user_id, u.team_id)
                                                        .where(u.role == Role.TECHNICIAN.value))}
    areas = service_areas.team_of_district(conn)
    new_meters = {identifiers.canonical(r.get("new_meter_asset_no")) for r in batch.of(REQUESTS)} - {""}
    in_use = _held(conn, new_meters)
    in_use.update({a.meter.asset_no: no for no, a in archives.items()})
    seen: dict[str, Row] = {}
    out: list[StoredOrder] = []
    created = datetime.fromtimestamp(now, UTILITY_TZ)
    for row in batch.of(REQUESTS):
        r = Rows(report, row)
        external = r.text("external_id")
        if external and not _EXTERNAL_ID.fullmatch(external):
            r.error("external_id", "must be 1 to 32 letters, digits, '.', '_' or '-'")
        elif external in seen:
            r.error("external_id", f"order {external} is already in this batch ({seen[external].where} row "
                                   f"{seen[external].number})")
        kind = enum_of(r, "kind", Kind)
        priority = enum_of(r, "priority", Priority) if row.get("priority") else Priority.NORMAL
        no = r.ident("customer_no", identifiers.customer_no)
        archive = archives.get(no) or existing.get(no)
        if no and archive is None:
            if no not in named:
                r.error("customer_no", f"unknown customer {no} (neither in the archive nor in this batch)")
            r.ok = False
        team, tech = r.text("team_id") or _team_by_area(r, archive, areas), r.text("tech_id")
        if team and team not in teams:
            r.error("team_id", f"unknown team '{team}'")
        elif team and archive is not None and teams[team] != archive.customer.company_id:
            r.error("team_id", f"team {team} is not of the customer's company {archive.customer.company_id}")
        if tech and techs.get(tech) != team:
            r.error("tech_id", f"'{tech}' is not a technician of team {team}" if tech in techs
                    else f"unknown technician '{tech}'")
        start, end = datetime_of(r, "window_start"), datetime_of(r, "window_end")
        if start and end and end <= start:
            r.error("window_end", "must be after window_start")
        new_asset = r.ident("new_meter_asset_no", check_asset)
        new_address = r.ident("new_meter_address", identifiers.meter_address)
        if kind is not None:
            _kind_vs_archive(r, kind, archive, new_asset, new_address, in_use)
        if not r.ok or kind is None or priority is None or archive is None or start is None or end is None:
            continue
        seen[external] = row
        status = Status.ASSIGNED if tech else Status.REQUESTED
        title = r.text("title") or TITLES[kind]
        order = WorkOrder(order_no_for(external), kind, title, archive, tech, status, priority, start, end,
                          created, r.text("instructions"), new_asset, new_address)
        out.append(StoredOrder(order, team, teams[team]))
    return out


def _team_by_area(r: Rows, archive: Archive | None, areas: dict[tuple[str, str], str]) -> str:
    """The team whose service area covers the customer's district, for a row without a team."""
    if archive is None:
        return ""
    district = archive.customer.transformer
    team = areas.get((archive.customer.company_id, district), "")
    if not team:
        r.error("team_id", f"no team_id, and no team's service area covers the customer's transformer "
                           f"district '{district}'" if district else
                "no team_id, and the customer has no transformer district to find a service area by")
    return team


def _kind_vs_archive(r: Rows, kind: Kind, archive: Archive | None, new_asset: str, new_address: str,
                     in_use: dict[str, str]) -> None:
    if kind in NEEDS_NEW_METER:
        for name, value in (("new_meter_asset_no", new_asset), ("new_meter_address", new_address)):
            if not value and not r.row.get(name):
                r.error(name, f"a {kind.value} order needs the new meter's {name.split('_', 2)[2]}")
    elif FAMILY_OF[kind] is not Family.REPLACEMENT and (r.row.get("new_meter_asset_no")
                                                        or r.row.get("new_meter_address")):
        r.error("new_meter_asset_no", f"a {kind.value} order installs no meter")
    if bool(new_asset) != bool(new_address) and kind not in NEEDS_NEW_METER:
        r.error("new_meter_address", "the new meter needs both its asset number and its address")
    if archive is None:
        return
    if new_asset and new_asset == archive.meter.asset_no:
        r.error("new_meter_asset_no", "is the meter already installed there")
    elif new_asset and new_asset in in_use:
        r.error("new_meter_asset_no", f"meter {new_asset} is installed at customer {in_use[new_asset]}")
    if FAMILY_OF[kind] is Family.PREPAID and not archive.meter.prepaid:
        r.error("kind", f"customer {archive.customer.customer_no} has no prepaid account")
