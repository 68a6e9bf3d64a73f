"""The server's relational schema (SQLAlchemy Core), the same on SQLite and PostgreSQL.

Payload columns hold MessagePack (compact, keeps bytes). The change log is
append-only: rows are never updated or deleted; a device's position in it is
its cursor. Identifiers a rule says are unique (a seal, the meter at a customer) are
stored in their canonical form (``app.domain.identifiers``) under a unique index, so
the database itself refuses the second use, whatever the client typed. Migrations in
``server/migrations`` create exactly this schema (a test compares them).
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Float,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

# BigInteger ids that still autoincrement as SQLite's INTEGER PRIMARY KEY.
AutoId = BigInteger().with_variant(Integer(), "sqlite")

users = Table(
    "users", metadata,
    Column("user_id", String(32), primary_key=True),
    Column("name", String(100), nullable=False),
    Column("role", String(20), nullable=False),
    Column("team_id", String(32), nullable=False, default=""),
    Column("company_id", String(32), nullable=False, default=""),
    # argon2id PHC strings (server.pins); sent to the terminals of the user's team only
    Column("pin_hash", String(200), nullable=False, default=""),
    Column("badge_hash", String(200), nullable=False, default=""),
)

teams = Table(
    "teams", metadata,
    Column("team_id", String(32), primary_key=True),
    Column("company_id", String(32), nullable=False),
    Column("name", String(100), nullable=False),
)

# Service areas (server.service_areas): the transformer districts (台区) each team serves; an
# imported order without a team goes to the team whose area covers its customer's district.
service_areas = Table(
    "service_areas", metadata,
    Column("company_id", String(32), nullable=False),
    Column("transformer", String(100), nullable=False),
    Column("team_id", String(32), nullable=False, index=True),
    Column("area_name", String(100), nullable=False, default=""),
    PrimaryKeyConstraint("company_id", "transformer"),
)

archives = Table(
    "archives", metadata,
    Column("customer_no", String(16), primary_key=True),
    Column("company_id", String(32), nullable=False),
    Column("asset_no", String(32), nullable=False),  # canonical; one meter is at one customer
    Column("meter_address", String(16), nullable=False),
    Column("payload", LargeBinary, nullable=False),
    Column("tariff_code", String(16), nullable=False, default="", index=True),  # the payload's tariff
    Index("ux_archives_asset_no", "asset_no", unique=True),
)

# The deployment's tariffs (server.tariffs), as the marketing system sent them: the record of
# app.domain.entities.Tariff (prices as decimal strings).
tariffs = Table(
    "tariffs", metadata,
    Column("tariff_code", String(16), primary_key=True),
    Column("payload", JSON, nullable=False),
)

orders = Table(
    "orders", metadata,
    Column("order_no", String(40), primary_key=True),
    Column("kind", String(30), nullable=False),
    Column("tech_id", String(32), nullable=False, index=True),
    Column("team_id", String(32), nullable=False, index=True),
    Column("company_id", String(32), nullable=False),
    Column("status", String(20), nullable=False),
    Column("step", String(30), nullable=False, default=""),
    Column("version", Integer, nullable=False, default=1),
    Column("window_start", String(40), nullable=False),
    Column("updated_at", BigInteger, nullable=False),
    Column("payload", LargeBinary, nullable=False),
)

devices = Table(
    "devices", metadata,
    Column("device_id", String(40), primary_key=True),
    Column("user_id", String(32), nullable=False, index=True),
    Column("name", String(100), nullable=False),
    Column("secret", LargeBinary, nullable=False),
    Column("enrolled_at", BigInteger, nullable=False),
    Column("revoked_at", BigInteger, nullable=True),
    Column("acked_through", BigInteger, nullable=False, default=0),
    Column("last_seen", BigInteger, nullable=True),
)

enrol_codes = Table(
    "enrol_codes", metadata,
    Column("code_hash", String(64), primary_key=True),
    Column("user_id", String(32), nullable=False),
    Column("issued_at", BigInteger, nullable=False),
    Column("expires_at", BigInteger, nullable=False),
    Column("used_at", BigInteger, nullable=True),
    Column("device_id", String(40), nullable=True),
)

nonces = Table(
    "nonces", metadata,
    Column("device_id", String(40), nullable=False),
    Column("nonce", String(32), nullable=False),
    Column("seen_at", BigInteger, nullable=False),
    PrimaryKeyConstraint("device_id", "nonce"),
    Index("ix_nonces_seen_at", "seen_at"),
)

received_mutations = Table(
    "received_mutations", metadata,
    Column("device_id", String(40), nullable=False),
    Column("seq", BigInteger, nullable=False),
    Column("user_id", String(32), nullable=False),
    Column("entity", String(40), nullable=False),
    Column("entity_id", String(100), nullable=False),
    Column("op", String(20), nullable=False),
    Column("order_no", String(40), nullable=False, default=""),
    Column("payload", LargeBinary, nullable=False),
    Column("at", String(40), nullable=False),
    Column("received_at", BigInteger, nullable=False),
    Column("outcome", String(20), nullable=False),  # "applied" or "rejected"
    Column("code", String(40), nullable=False, default=""),
    Column("message", Text, nullable=False, default=""),
    PrimaryKeyConstraint("device_id", "seq"),  # the exactly-once key
    Index("ix_received_mutations_order_no", "order_no"),
)

flags = Table(
    "flags", metadata,
    Column("flag_id", AutoId, primary_key=True, autoincrement=True),
    Column("order_no", String(40), nullable=False, index=True),
    Column("device_id", String(40), nullable=False),
    Column("user_id", String(32), nullable=False),
    Column("seq", BigInteger, nullable=False),
    Column("code", String(40), nullable=False),
    Column("message", Text, nullable=False),
    Column("team_id", String(32), nullable=False),
    Column("company_id", String(32), nullable=False),
    Column("created_at", BigInteger, nullable=False),
    Column("resolved", Boolean, nullable=False, default=False),
)

change_log = Table(
    "change_log", metadata,
    Column("cursor", AutoId, primary_key=True, autoincrement=True),
    Column("entity", String(40), nullable=False),
    Column("entity_id", String(100), nullable=False),
    Column("op", String(20), nullable=False),
    Column("payload", LargeBinary, nullable=False),
    Column("tech_id", String(32), nullable=True),
    Column("team_id", String(32), nullable=True),
    Column("company_id", String(32), nullable=True),
    # "all": everyone the scope columns reach; "tech": only the technician; "supervisor": not technicians
    Column("audience", String(12), nullable=False, default="all"),
    Column("origin_device", String(40), nullable=True),  # not echoed back to the device that caused it
    Column("created_at", BigInteger, nullable=False),
    Index("ix_change_log_tech", "tech_id", "cursor"),
    Index("ix_change_log_team", "team_id", "cursor"),
)

seals_used = Table(
    "seals_used", metadata,
    Column("seal_no", String(32), primary_key=True),  # identifiers.seal_no: the canonical form
    Column("order_no", String(40), nullable=False),
    Column("device_id", String(40), nullable=False),  # the mutation that used it first
    Column("seq", BigInteger, nullable=False),
    Column("used_at", BigInteger, nullable=False),
)

task_requests = Table(
    "task_requests", metadata,
    Column("device_id", String(40), nullable=False),
    Column("request_id", String(64), nullable=False),
    Column("order_no", String(40), nullable=False),
    Column("command", LargeBinary, nullable=True),
    # the card and the purchase count its credit token credits (one token per card and count)
    Column("card_serial", String(16), nullable=True),
    Column("credit_count", BigInteger, nullable=True),
    # a repair: the purchase its decision re-issued (the only one its result may confirm)
    Column("credits_order", String(40), nullable=True),
    PrimaryKeyConstraint("device_id", "request_id"),
    Index("ux_task_requests_card_credit", "card_serial", "credit_count", unique=True),
)

# The prepaid ledger (server.ledger): a purchase's payment and token, and the card's confirmation.
prepaid_ledger = Table(
    "prepaid_ledger", metadata,
    Column("order_no", String(40), primary_key=True),
    Column("tech_id", String(32), nullable=False),
    Column("team_id", String(32), nullable=False),
    Column("company_id", String(32), nullable=False),
    Column("customer_no", String(16), nullable=False),
    Column("card_serial", String(16), nullable=False),
    Column("amount_fen", BigInteger, nullable=False),
    Column("credit_count", BigInteger, nullable=False),  # the card's purchase count once credited
    Column("payment_method", String(16), nullable=False),  # cash, qr
    Column("payment_reference", String(64), nullable=False),
    Column("issued_at", BigInteger, nullable=False),  # the token (Unix seconds)
    Column("credited_at", BigInteger, nullable=True),  # the card's confirmation came (the terminal's result)
    Column("balance_after_fen", BigInteger, nullable=True),
    Column("discrepancy", String(200), nullable=False, default=""),  # what the confirmation did not match
    Index("ix_prepaid_ledger_issued", "company_id", "issued_at"),
)

# The ledger's card operations (server.ledger): openings, card writes and repairs, with the repair's decision.
prepaid_card_ops = Table(
    "prepaid_card_ops", metadata,
    Column("order_no", String(40), primary_key=True),
    Column("kind", String(32), nullable=False),  # open_card, write_card, recharge_repair
    Column("tech_id", String(32), nullable=False),
    Column("team_id", String(32), nullable=False),
    Column("company_id", String(32), nullable=False),
    Column("customer_no", String(16), nullable=False),
    Column("card_serial", String(16), nullable=False),
    Column("decision", String(32), nullable=False),  # a repair's (server.card_tasks.REPAIR_DECISIONS)
    Column("credits_order", String(40), nullable=False),  # a repair that re-issued: the purchase
    Column("requested_at", BigInteger, nullable=False),
    Column("done_at", BigInteger, nullable=True),  # the card's result came back
    Index("ix_prepaid_card_ops_requested", "company_id", "requested_at"),
)

# The head of each handheld's chain of operation events (server.event_chains, sync.event_chain).
event_chains = Table(
    "event_chains", metadata,
    Column("device_id", String(40), primary_key=True),
    Column("last_seq", BigInteger, nullable=False),
    Column("last_hash", String(64), nullable=False),
    Column("problems", BigInteger, nullable=False),  # how many of its events were flagged
)

# The analytical data of each order (server.analytics), on the device's own clock.
order_facts = Table(
    "order_facts", metadata,
    Column("order_no", String(40), primary_key=True),
    Column("company_id", String(32), nullable=False),
    Column("team_id", String(32), nullable=False),
    Column("tech_id", String(32), nullable=False),
    Column("area", String(64), nullable=False),  # the customer's transformer area (台区)
    Column("kind", String(32), nullable=False),
    Column("day", String(10), nullable=False),  # the utility's day the work started (device clock)
    Column("outcome", String(20), nullable=False),  # done, unfinished, open
    Column("started_at", String(40), nullable=False),
    Column("ended_at", String(40), nullable=False),
    Column("work_s", Float, nullable=False),  # the steps' own durations
    Column("elapsed_s", Float, nullable=False),  # first step started to last step ended
    Column("steps", Integer, nullable=False),
    Column("failed_steps", Integer, nullable=False),
    Column("rework", Boolean, nullable=False),
    Column("first_time", Boolean, nullable=False),  # done, with no failed step and no rework
    Column("anomalies", Text, nullable=False),  # JSON list of codes
    Column("sync_delay_s", Float, nullable=True),  # the result reached the centre this long after it was done
    Column("first_fix", String(64), nullable=False),  # "lat,lon" ("" when unknown)
    Column("last_fix", String(64), nullable=False),
    Column("updated_at", BigInteger, nullable=False),
    Index("ix_order_facts_day", "company_id", "day"),
)

uploads = Table(
    "uploads", metadata,
    Column("device_id", String(40), nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("confirmed", BigInteger, nullable=False, default=0),
    Column("updated_at", BigInteger, nullable=False),
    PrimaryKeyConstraint("device_id", "sha256"),
)

upload_chunks = Table(
    "upload_chunks", metadata,
    Column("device_id", String(40), nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("offset", BigInteger, nullable=False),
    Column("data", LargeBinary, nullable=False),
    PrimaryKeyConstraint("device_id", "sha256", "offset"),
)

# The verified bytes, once per hash; who may see them is in attachment_owners.
attachments = Table(
    "attachments", metadata,
    Column("sha256", String(64), primary_key=True),
    Column("size", BigInteger, nullable=False),
    Column("completed_at", BigInteger, nullable=False),  # first verified
    Column("data", LargeBinary, nullable=False),
)

# One row per device that uploaded every byte of the attachment (possession proven).
attachment_owners = Table(
    "attachment_owners", metadata,
    Column("sha256", String(64), nullable=False),
    Column("device_id", String(40), nullable=False),
    Column("user_id", String(32), nullable=False),
    Column("team_id", String(32), nullable=False),
    Column("company_id", String(32), nullable=False),
    Column("completed_at", BigInteger, nullable=False),
    PrimaryKeyConstraint("sha256", "device_id"),
)

# The users the demo seed created (server.seed): a database holding any other user is a
# real one, and the server refuses the public demo meter keys on it (server.demo_guard).
demo_users = Table(
    "demo_users", metadata,
    Column("user_id", String(32), primary_key=True),
    Column("seeded_at", BigInteger, nullable=False),
)

# The last issued_at of each order's meter authorisations or revocations: the next one is issued
# strictly later, so a revocation covers exactly what came before it (server.authorisations).
authorisation_clock = Table(
    "authorisation_clock", metadata,
    Column("order_no", String(40), primary_key=True),
    Column("issued_at", BigInteger, nullable=False),
)

# Every administrative act (server.audit), written in the act's own transaction; never updated.
# The actor is a user and their device, or "cli" (``main.py server`` on the server machine).
audit_log = Table(
    "audit_log", metadata,
    Column("id", AutoId, primary_key=True, autoincrement=True),
    Column("at", BigInteger, nullable=False),
    Column("actor_user_id", String(32), nullable=False),
    Column("actor_device_id", String(40), nullable=False, default=""),
    Column("action", String(40), nullable=False),
    Column("target", String(100), nullable=False),
    Column("detail", JSON, nullable=False),
)

# Master keys from the key system (server.key_system), one row per version and kind ("meter",
# "card"): the entries as imported, each still wrapped under the key-encryption key (KEK), which
# the database never holds. One version is active; older ones stay for rotation.
key_sets = Table(
    "key_sets", metadata,
    Column("version", Integer, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("kek_id", String(32), nullable=False),
    Column("payload_wrapped", LargeBinary, nullable=False),
    Column("imported_at", BigInteger, nullable=False),
    Column("active", Boolean, nullable=False, default=False),
    PrimaryKeyConstraint("version", "kind"),
)

# Inspections (server.inspections): one row per inspected order, with the meter as read on site
# (its snapshot, packed) and what the next inspection of the same meter compares against.
inspections = Table(
    "inspections", metadata,
    Column("order_no", String(40), primary_key=True),
    Column("meter_asset_no", String(32), nullable=False, index=True),  # identifiers.canonical
    Column("customer_no", String(40), nullable=False),
    Column("team_id", String(32), nullable=False, default=""),
    Column("company_id", String(32), nullable=False, default=""),
    Column("inspected_at", BigInteger, nullable=False),  # the handheld's time of the read
    Column("forward_total", String(20), nullable=False),  # kWh, as read
    Column("cover_open_count", Integer, nullable=False),
    Column("findings", Integer, nullable=False),
    Column("snapshot", LargeBinary, nullable=False),
    Column("received_at", BigInteger, nullable=False),
)

# What an inspection found (app.domain.inspection_rules), for the team leader and the export.
inspection_findings = Table(
    "inspection_findings", metadata,
    Column("finding_id", AutoId, primary_key=True, autoincrement=True),
    Column("order_no", String(40), nullable=False),
    Column("meter_asset_no", String(32), nullable=False),
    Column("team_id", String(32), nullable=False, default=""),
    Column("company_id", String(32), nullable=False, default=""),
    Column("rule", String(40), nullable=False),
    Column("severity", String(20), nullable=False),
    Column("expected", String(300), nullable=False),
    Column("found", String(300), nullable=False),
    Column("correctable", Boolean, nullable=False),
    Column("correction", LargeBinary, nullable=False),
    Column("status", String(20), nullable=False),  # open, corrected, correction_failed
    Column("created_at", BigInteger, nullable=False),
    UniqueConstraint("order_no", "rule", name="uq_inspection_findings_order_rule"),
    Index("ix_inspection_findings_order_no", "order_no"),
)

# The seals last applied to each meter (a replacement's result), by position: what an
# inspection checks the seals it sees against.
meter_seals = Table(
    "meter_seals", metadata,
    Column("meter_asset_no", String(32), nullable=False),
    Column("position", String(20), nullable=False),
    Column("seal_no", String(32), nullable=False),
    Column("order_no", String(40), nullable=False),
    Column("recorded_at", BigInteger, nullable=False),
    PrimaryKeyConstraint("meter_asset_no", "position"),
)

# Each technician's stock of new meters and seals (server.stock): issued from the warehouse (an
# import or ``main.py server stock issue``), consumed by a result or a seal on an order, or returned.
# One row per item, by its canonical number; a meter's address and model ride with it.
stock_items = Table(
    "stock_items", metadata,
    Column("kind", String(8), nullable=False),  # "meter" or "seal"
    Column("item_no", String(32), nullable=False),  # identifiers.asset_no / seal_no, canonical
    Column("tech_id", String(32), nullable=False, index=True),
    Column("status", String(12), nullable=False),  # "issued", "consumed", "returned"
    Column("meter_address", String(16), nullable=False, default=""),
    Column("model", String(100), nullable=False, default=""),
    Column("order_no", String(40), nullable=False, default=""),  # the order that consumed it
    Column("issued_at", BigInteger, nullable=False),
    Column("updated_at", BigInteger, nullable=False),
    PrimaryKeyConstraint("kind", "item_no"),
)
