// native/store/migrations.cpp — seamd's schema, one migration per version (see migrations.hpp).
//
// Conventions: money in integer minor units (cents) with an ISO currency; business dates as
// ISO text 'YYYY-MM-DD'; instants as INTEGER milliseconds since the Unix epoch (UTC); JSON
// documents as TEXT. Customer-facing numbers (order LW-104233, invoice INV-2026-004512) are
// unique text keys next to the integer row ids.
#include "store/migrations.hpp"

#include <string>
#include <utility>
#include <vector>

namespace seam::store {

namespace {

// [SECTION] 1 — business data, conversations, the handoff queue, events, audit
const char* kV1 = R"sql(
CREATE TABLE customers (
  id            INTEGER PRIMARY KEY,
  external_id   TEXT NOT NULL UNIQUE,      -- the business's own customer id (JWT sub, user_hash)
  first_name    TEXT NOT NULL,
  last_name     TEXT NOT NULL,
  email         TEXT NOT NULL UNIQUE,
  phone         TEXT,                       -- E.164
  locale        TEXT NOT NULL DEFAULT 'en', -- en | es
  country       TEXT NOT NULL,              -- ISO 3166-1 alpha-2
  currency      TEXT NOT NULL,              -- USD | EUR | GBP
  created_on    TEXT NOT NULL,
  lifetime_value_cents INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE addresses (
  id            INTEGER PRIMARY KEY,
  customer_id   INTEGER NOT NULL REFERENCES customers(id),
  line1         TEXT NOT NULL,
  line2         TEXT,
  city          TEXT NOT NULL,
  region        TEXT,
  postal_code   TEXT NOT NULL,
  country       TEXT NOT NULL,
  is_default    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX addresses_customer ON addresses(customer_id);
CREATE TABLE products (
  id            INTEGER PRIMARY KEY,
  sku           TEXT NOT NULL UNIQUE,
  name          TEXT NOT NULL,
  category      TEXT NOT NULL,              -- jackets, base_layers, boots, trail_runners, tents, ...
  price_cents   INTEGER NOT NULL,           -- in USD; EUR/GBP prices are the same figure
  final_sale    INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE orders (
  id            INTEGER PRIMARY KEY,
  number        TEXT NOT NULL UNIQUE,       -- LW-123456
  customer_id   INTEGER NOT NULL REFERENCES customers(id),
  placed_on     TEXT NOT NULL,
  status        TEXT NOT NULL,              -- processing | shipped | delivered | cancelled
  currency      TEXT NOT NULL,
  subtotal_cents INTEGER NOT NULL,
  shipping_cents INTEGER NOT NULL,
  total_cents   INTEGER NOT NULL,
  ship_line1    TEXT NOT NULL,
  ship_line2    TEXT,
  ship_city     TEXT NOT NULL,
  ship_region   TEXT,
  ship_postal_code TEXT NOT NULL,
  ship_country  TEXT NOT NULL,
  payment_method TEXT NOT NULL              -- visa | mastercard | amex | paypal | apple_pay | google_pay | gift_card
);
CREATE INDEX orders_customer ON orders(customer_id, placed_on);
CREATE TABLE order_items (
  id            INTEGER PRIMARY KEY,
  order_id      INTEGER NOT NULL REFERENCES orders(id),
  product_id    INTEGER NOT NULL REFERENCES products(id),
  quantity      INTEGER NOT NULL CHECK (quantity > 0),
  unit_price_cents INTEGER NOT NULL,
  final_sale    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX order_items_order ON order_items(order_id);
CREATE TABLE shipments (
  id            INTEGER PRIMARY KEY,
  order_id      INTEGER NOT NULL REFERENCES orders(id),
  carrier       TEXT NOT NULL,              -- UPS | USPS | Canada Post | DHL
  tracking_number TEXT NOT NULL UNIQUE,
  tracking_url  TEXT NOT NULL,
  shipped_on    TEXT NOT NULL,
  expected_on   TEXT NOT NULL,              -- the delivery day (rescheduling moves it)
  delivered_on  TEXT,
  status        TEXT NOT NULL               -- in_transit | out_for_delivery | delivered | held
);
CREATE INDEX shipments_order ON shipments(order_id);
CREATE TABLE subscriptions (
  id            INTEGER PRIMARY KEY,
  customer_id   INTEGER NOT NULL REFERENCES customers(id),
  plan          TEXT NOT NULL,              -- coffee_club | plus
  status        TEXT NOT NULL,              -- active | paused | cancelled
  started_on    TEXT NOT NULL,
  renews_on     TEXT,
  paused_until  TEXT,
  cancelled_on  TEXT,
  currency      TEXT NOT NULL,
  price_cents   INTEGER NOT NULL
);
CREATE INDEX subscriptions_customer ON subscriptions(customer_id);
CREATE TABLE invoices (
  id            INTEGER PRIMARY KEY,
  number        TEXT NOT NULL UNIQUE,       -- INV-2026-004512
  customer_id   INTEGER NOT NULL REFERENCES customers(id),
  order_id      INTEGER REFERENCES orders(id),
  shipment_id   INTEGER REFERENCES shipments(id),
  subscription_id INTEGER REFERENCES subscriptions(id),
  issued_on     TEXT NOT NULL,
  currency      TEXT NOT NULL,
  amount_cents  INTEGER NOT NULL,
  descriptor    TEXT NOT NULL               -- the statement line: LARCHWOOD*OUTFITTERS, ...
);
CREATE INDEX invoices_customer ON invoices(customer_id, issued_on);
CREATE TABLE returns (
  id            INTEGER PRIMARY KEY,
  number        TEXT NOT NULL UNIQUE,       -- RMA-104233-1
  order_id      INTEGER NOT NULL REFERENCES orders(id),
  created_at    INTEGER NOT NULL,
  reason        TEXT NOT NULL,
  status        TEXT NOT NULL,              -- label_issued | received | closed
  label_fee_cents INTEGER NOT NULL,
  label         TEXT NOT NULL               -- the return label document (JSON)
);
CREATE INDEX returns_order ON returns(order_id);
CREATE TABLE refunds (
  id            INTEGER PRIMARY KEY,
  order_id      INTEGER NOT NULL REFERENCES orders(id),
  created_at    INTEGER NOT NULL,
  method        TEXT NOT NULL,              -- original_payment | store_credit
  currency      TEXT NOT NULL,
  amount_cents  INTEGER NOT NULL,
  status        TEXT NOT NULL               -- issued | pending_review
);
CREATE INDEX refunds_order ON refunds(order_id);
CREATE TABLE password_resets (
  id            INTEGER PRIMARY KEY,
  customer_id   INTEGER NOT NULL REFERENCES customers(id),
  created_at    INTEGER NOT NULL,
  expires_at    INTEGER NOT NULL,
  token_hash    TEXT NOT NULL
);
CREATE TABLE outbound_email (              -- what seamd "sent": the demo has no mail server
  id            INTEGER PRIMARY KEY,
  created_at    INTEGER NOT NULL,
  to_address    TEXT NOT NULL,
  subject       TEXT NOT NULL,
  body          TEXT NOT NULL
);

CREATE TABLE agents (
  id            INTEGER PRIMARY KEY,
  login         TEXT NOT NULL UNIQUE,
  name          TEXT NOT NULL,
  role          TEXT NOT NULL CHECK (role IN ('agent', 'admin')),
  skills        TEXT NOT NULL,              -- JSON array: billing, returns, delivery, account, general
  secret_hash   TEXT NOT NULL               -- hex SHA-256 of salt + secret
);

CREATE TABLE cases (
  id            TEXT PRIMARY KEY,           -- opaque, random
  customer_id   INTEGER REFERENCES customers(id),
  status        TEXT NOT NULL,              -- open | waiting_agent | with_agent | resolved | abandoned
  version       INTEGER NOT NULL,           -- bumped on every write; writers send the one they read
  state         TEXT NOT NULL,              -- the flow engine's state (JSON)
  channel       TEXT NOT NULL,              -- the channel it started on
  intent        TEXT,                       -- the first intent that started a flow
  created_at    INTEGER NOT NULL,
  updated_at    INTEGER NOT NULL,
  resolved_at   INTEGER,
  outcome       TEXT
);
CREATE INDEX cases_customer ON cases(customer_id, updated_at);
CREATE TABLE case_channels (              -- every channel a case was continued on
  case_id       TEXT NOT NULL REFERENCES cases(id),
  channel       TEXT NOT NULL,
  address       TEXT NOT NULL DEFAULT '',   -- email address, phone number, '' for widget
  first_at      INTEGER NOT NULL,
  last_at       INTEGER NOT NULL,
  PRIMARY KEY (case_id, channel, address)
);
CREATE TABLE messages (
  id            INTEGER PRIMARY KEY,
  case_id       TEXT NOT NULL REFERENCES cases(id),
  at            INTEGER NOT NULL,
  sender        TEXT NOT NULL,              -- customer | bot | agent
  agent_id      INTEGER REFERENCES agents(id),
  channel       TEXT NOT NULL,
  text          TEXT NOT NULL
);
CREATE INDEX messages_case ON messages(case_id, id);
CREATE TABLE handoffs (
  id            INTEGER PRIMARY KEY,
  case_id       TEXT NOT NULL REFERENCES cases(id),
  created_at    INTEGER NOT NULL,
  skill         TEXT NOT NULL,              -- billing | returns | delivery | account | general
  priority      INTEGER NOT NULL,           -- higher first; from the flow, customer value, waiting time
  payload       TEXT NOT NULL,              -- the handoff payload (assets/schema/handoff.schema.json)
  status        TEXT NOT NULL,              -- queued | claimed | resolved
  agent_id      INTEGER REFERENCES agents(id),
  claimed_at    INTEGER,
  resolved_at   INTEGER,
  outcome       TEXT,
  note          TEXT                        -- the case note written at resolution
);
CREATE INDEX handoffs_queue ON handoffs(status, skill, priority);

CREATE TABLE events (                     -- append-only
  id            INTEGER PRIMARY KEY,
  at            INTEGER NOT NULL,
  case_id       TEXT,
  customer_id   INTEGER,
  channel       TEXT,
  kind          TEXT NOT NULL,              -- see native/events/
  intent        TEXT,
  data          TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX events_at ON events(at);
CREATE INDEX events_case ON events(case_id);
CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events
  BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events
  BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;

CREATE TABLE audit (
  id            INTEGER PRIMARY KEY,
  at            INTEGER NOT NULL,
  actor         TEXT NOT NULL,              -- customer:<external id> | agent:<login> | system
  action        TEXT NOT NULL,
  target        TEXT,                       -- LW-104233, coffee_club, ...
  params        TEXT NOT NULL,
  decision      TEXT NOT NULL,              -- policy decision with every rule checked (JSON)
  outcome       TEXT NOT NULL,
  result        TEXT NOT NULL
);
CREATE TABLE idempotency (
  scope         TEXT NOT NULL,              -- who: customer:<id> | agent:<id> | session:<id>
  key           TEXT NOT NULL,
  request_hash  TEXT NOT NULL,              -- same key with a different request is refused
  status        INTEGER NOT NULL,
  response      TEXT NOT NULL,
  created_at    INTEGER NOT NULL,
  PRIMARY KEY (scope, key)
);
CREATE TABLE webhook_deliveries (
  id            INTEGER PRIMARY KEY,
  created_at    INTEGER NOT NULL,
  event         TEXT NOT NULL,              -- handoff.created | case.resolved
  url           TEXT NOT NULL,
  body          TEXT NOT NULL,
  signature     TEXT NOT NULL,
  attempts      INTEGER NOT NULL DEFAULT 0,
  delivered_at  INTEGER,
  last_status   INTEGER
);
CREATE TABLE settings (
  key           TEXT PRIMARY KEY,
  value         TEXT NOT NULL
);
)sql";

// [SECTION] 2 — webhook retries wait for their time (exponential backoff)
const char* kV2 = R"sql(
ALTER TABLE webhook_deliveries ADD COLUMN next_attempt_at INTEGER NOT NULL DEFAULT 0;
CREATE INDEX webhook_deliveries_due ON webhook_deliveries(delivered_at, next_attempt_at);
)sql";

// [SECTION] 3 — fewer index pages written per conversation turn: nothing reads events by case
// (KPIs read them by time), and anonymous cases (no customer) need no entry in the customer
// index, which changed on every turn because it holds updated_at.
const char* kV3 = R"sql(
DROP INDEX events_case;
DROP INDEX cases_customer;
CREATE INDEX cases_customer ON cases(customer_id, updated_at) WHERE customer_id IS NOT NULL;
)sql";

// Page events (Seam('track', ...)) are read per case for the agent's view of a handoff: a
// partial index holds just those rows, so the turns' events cost it nothing.
const char* kV4 = R"sql(
CREATE INDEX events_page ON events(case_id, id) WHERE kind = 'page_event';
)sql";

// [SECTION] 5 — the actions of the second wave (native/actions/): stock for reships and
// replacements, when a return reached the warehouse, order verification by a visitor (unlocks
// and attempts, per case, server-side), missing-parcel claims, replacements of damaged or
// defective items, refunds of duplicate charges.
const char* kV5 = R"sql(
ALTER TABLE products ADD COLUMN in_stock INTEGER NOT NULL DEFAULT 1;
ALTER TABLE returns ADD COLUMN received_on TEXT;   -- NULL until the parcel reaches the warehouse
CREATE TABLE case_unlocked_orders (         -- verify_order: one order opened to one conversation
  case_id       TEXT NOT NULL,
  order_id      INTEGER NOT NULL REFERENCES orders(id),
  unlocked_at   INTEGER NOT NULL,
  PRIMARY KEY (case_id, order_id)
);
CREATE TABLE order_verification_attempts (  -- every verify_order try; 3 misses lock the case
  id            INTEGER PRIMARY KEY,
  case_id       TEXT NOT NULL,
  at            INTEGER NOT NULL,
  order_number  TEXT NOT NULL,              -- as given (it may not exist)
  matched       INTEGER NOT NULL
);
CREATE INDEX order_verification_attempts_case ON order_verification_attempts(case_id, matched);
CREATE TABLE parcel_claims (                -- "marked delivered but never arrived"
  id            INTEGER PRIMARY KEY,
  number        TEXT NOT NULL UNIQUE,       -- CLM-104233
  order_id      INTEGER NOT NULL UNIQUE REFERENCES orders(id),   -- one claim per order
  shipment_id   INTEGER NOT NULL REFERENCES shipments(id),
  created_at    INTEGER NOT NULL,
  delivered_on  TEXT NOT NULL,
  resolution    TEXT NOT NULL,              -- reship | refund
  status        TEXT NOT NULL,              -- reshipped | refunded | needs_review
  currency      TEXT NOT NULL,
  amount_cents  INTEGER NOT NULL,           -- the order's value
  replacement_order_id INTEGER REFERENCES orders(id)
);
CREATE TABLE replacements (                 -- a damaged or defective order sent again
  id            INTEGER PRIMARY KEY,
  order_id      INTEGER NOT NULL UNIQUE REFERENCES orders(id),   -- one replacement per order
  replacement_order_id INTEGER NOT NULL REFERENCES orders(id),
  return_id     INTEGER NOT NULL REFERENCES returns(id),         -- the free label back
  created_at    INTEGER NOT NULL,
  expected_on   TEXT NOT NULL
);
CREATE TABLE charge_refunds (               -- the second of two identical charges, refunded
  id            INTEGER PRIMARY KEY,
  invoice_id    INTEGER NOT NULL UNIQUE REFERENCES invoices(id),
  duplicate_of  INTEGER NOT NULL REFERENCES invoices(id),
  customer_id   INTEGER NOT NULL REFERENCES customers(id),
  created_at    INTEGER NOT NULL,
  currency      TEXT NOT NULL,
  amount_cents  INTEGER NOT NULL,
  status        TEXT NOT NULL               -- issued | pending_review
);
)sql";

// [SECTION] 6 — idempotency records expire after 24 hours (actions and turns): the purge finds
// the old ones by age.
const char* kV6 = R"sql(
CREATE INDEX idempotency_created ON idempotency(created_at);
)sql";

// [SECTION] 7 — the catalogue and recommendations (issue 18): sizes, colours and stock per
// variant, "often bought with", which variant an order line was, recommendations with an id a
// later purchase names (order_items.recommendation_id), size exchanges, retention offers on a
// subscription cancel, the Coffee Club every other month, order reviews, and customers who asked
// not to be sent a kind of proactive message. A store migrated from 6 keeps its products without
// variants: the actions then find no size to advise or exchange and say nothing of it.
const char* kV7 = R"sql(
CREATE TABLE product_variants (
  id            INTEGER PRIMARY KEY,
  product_id    INTEGER NOT NULL REFERENCES products(id),
  sku           TEXT NOT NULL UNIQUE,       -- JKT-101-M-BLK
  size          TEXT NOT NULL,              -- XS..XXL | EU 42 · US 9 | S..XL (socks) | One size
  size_rank     INTEGER NOT NULL,           -- 0 = the product's smallest size; +1 = next size up
  colour        TEXT NOT NULL DEFAULT '',   -- '' for products without one (coffee)
  stock         INTEGER NOT NULL DEFAULT 0 CHECK (stock >= 0)
);
CREATE INDEX product_variants_product ON product_variants(product_id, colour, size_rank);
CREATE TABLE product_related (              -- "often bought with"
  product_id    INTEGER NOT NULL REFERENCES products(id),
  related_id    INTEGER NOT NULL REFERENCES products(id),
  rank          INTEGER NOT NULL,           -- 1 = most often bought with it
  reason        TEXT NOT NULL,              -- socks | layer | footprint | light | power | sleep | brew | carry | care
  PRIMARY KEY (product_id, related_id)
);
ALTER TABLE order_items ADD COLUMN variant_id INTEGER REFERENCES product_variants(id);
CREATE TABLE recommendations (
  id            TEXT PRIMARY KEY,           -- REC-000001; in the link the customer gets
  case_id       TEXT,
  customer_id   INTEGER REFERENCES customers(id),
  context       TEXT NOT NULL,              -- exchange | accessory | retention | win_back | size
  product_id    INTEGER REFERENCES products(id),
  variant_id    INTEGER REFERENCES product_variants(id),
  sku           TEXT NOT NULL,              -- the variant's, the product's, or the offer's (coffee_club:pause)
  order_id      INTEGER REFERENCES orders(id),   -- the order it was made about
  shown_at      INTEGER NOT NULL,
  clicked_at    INTEGER                     -- the customer took it (first time)
);
CREATE INDEX recommendations_case ON recommendations(case_id) WHERE case_id IS NOT NULL;
-- A purchase that followed a recommendation names it (the exchange's new order does).
ALTER TABLE order_items ADD COLUMN recommendation_id TEXT REFERENCES recommendations(id);
CREATE TABLE exchanges (                    -- a size swapped: the return goes back, the new size ships
  id            INTEGER PRIMARY KEY,
  order_id      INTEGER NOT NULL UNIQUE REFERENCES orders(id),   -- one exchange per order
  return_id     INTEGER NOT NULL REFERENCES returns(id),
  item_id       INTEGER NOT NULL REFERENCES order_items(id),
  from_variant_id INTEGER NOT NULL REFERENCES product_variants(id),
  to_variant_id INTEGER NOT NULL REFERENCES product_variants(id),
  exchange_order_id INTEGER NOT NULL REFERENCES orders(id),
  recommendation_id TEXT REFERENCES recommendations(id),
  created_at    INTEGER NOT NULL
);
ALTER TABLE subscriptions ADD COLUMN every_months INTEGER NOT NULL DEFAULT 1;  -- 2: every other month
CREATE TABLE retention_offers (             -- what a customer about to cancel was offered, and took
  id            INTEGER PRIMARY KEY,
  case_id       TEXT,
  customer_id   INTEGER NOT NULL REFERENCES customers(id),
  subscription_id INTEGER REFERENCES subscriptions(id),
  plan          TEXT NOT NULL,              -- coffee_club
  offer         TEXT NOT NULL,              -- pause | downgrade
  accepted      INTEGER NOT NULL,
  created_at    INTEGER NOT NULL
);
CREATE TABLE reviews (
  id            INTEGER PRIMARY KEY,
  order_id      INTEGER NOT NULL UNIQUE REFERENCES orders(id),   -- one review per order
  customer_id   INTEGER NOT NULL REFERENCES customers(id),
  case_id       TEXT,
  rating        INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
  comment       TEXT,
  created_at    INTEGER NOT NULL
);
CREATE TABLE proactive_opt_outs (           -- "don't send me these": read before reaching out
  customer_id   INTEGER NOT NULL REFERENCES customers(id),
  topic         TEXT NOT NULL,              -- win_back | all
  created_at    INTEGER NOT NULL,
  case_id       TEXT,
  PRIMARY KEY (customer_id, topic)
);
)sql";

// [SECTION] 8 — proactive engagement (issue 18; native/proactive/): the business's events
// (idempotent by their own id), every proactive decision (sent or held back, and why), what
// waits for quiet hours to end, consent per customer and channel, the customer's time zone, and
// which schedule ran on which day. Migration 7 is the product catalogue's.
const char* kV8 = R"sql(
ALTER TABLE customers ADD COLUMN time_zone TEXT;   -- IANA name; NULL = from country and region
CREATE TABLE business_events (              -- POST /v1/events/ingest, idempotent by id
  id            TEXT PRIMARY KEY,           -- the business's own event id
  type          TEXT NOT NULL,              -- order.delayed, payment.failed, ...
  received_at   INTEGER NOT NULL,
  at            INTEGER NOT NULL,           -- when it happened (the sender's time, else received)
  customer_id   INTEGER REFERENCES customers(id),
  body_hash     TEXT NOT NULL,              -- the same id with another body is refused
  order_number  TEXT,                       -- data.order, for refund_shipping's "reported late"
  data          TEXT NOT NULL,
  result        TEXT NOT NULL               -- what was decided (the answer, replayed on repeats)
);
CREATE INDEX business_events_order ON business_events(order_number, type)
  WHERE order_number IS NOT NULL;
CREATE TABLE proactive_messages (           -- one row per decision for a customer
  id            INTEGER PRIMARY KEY,
  customer_id   INTEGER NOT NULL REFERENCES customers(id),
  trigger_id    TEXT NOT NULL,
  object_key    TEXT NOT NULL,              -- <trigger>:<object>: de-duplication
  decided_at    INTEGER NOT NULL,
  sent          INTEGER NOT NULL,           -- 1 sent, 0 held back
  reason        TEXT NOT NULL,              -- '' when sent
  channel       TEXT,                       -- when sent
  case_id       TEXT,                       -- the conversation it opened
  text          TEXT,                       -- what the customer was told
  replies       TEXT,                       -- the quick replies offered with it (JSON)
  seen_at       INTEGER                     -- the customer opened it (widget) or replied
);
CREATE INDEX proactive_messages_customer ON proactive_messages(customer_id, decided_at);
CREATE INDEX proactive_messages_object ON proactive_messages(object_key, decided_at);
CREATE TABLE proactive_deferred (           -- held for quiet hours; decided again when due
  id            INTEGER PRIMARY KEY,
  customer_id   INTEGER NOT NULL REFERENCES customers(id),
  trigger_id    TEXT NOT NULL,
  object_key    TEXT NOT NULL,
  due_at        INTEGER NOT NULL,
  source        TEXT NOT NULL,              -- what to read the facts from again (JSON): the
                                            -- event, or the schedule's object
  UNIQUE (customer_id, object_key)
);
CREATE INDEX proactive_deferred_due ON proactive_deferred(due_at);
CREATE TABLE proactive_consent (            -- opt-outs: per channel, or '*' for all
  customer_id   INTEGER NOT NULL REFERENCES customers(id),
  channel       TEXT NOT NULL,
  opted_out_at  INTEGER NOT NULL,
  source        TEXT NOT NULL,              -- unsubscribe_link | widget | agent | api
  PRIMARY KEY (customer_id, channel)
);
CREATE TABLE shipping_refunds (             -- refund_shipping: a late parcel's shipping back
  id            INTEGER PRIMARY KEY,
  order_id      INTEGER NOT NULL UNIQUE REFERENCES orders(id),   -- once per order
  created_at    INTEGER NOT NULL,
  currency      TEXT NOT NULL,
  amount_cents  INTEGER NOT NULL,
  case_id       TEXT
);
CREATE TABLE proactive_schedule_runs (      -- a daily schedule runs once per UTC day
  trigger_id    TEXT NOT NULL,
  day           TEXT NOT NULL,
  ran_at        INTEGER NOT NULL,
  PRIMARY KEY (trigger_id, day)
);
)sql";

// [SECTION] 9 — content publishing: every published version of the flows, articles, triggers
// and replies (native/content/), drafts, what assets/ on disk held at the last start.
const char* kV9 = R"sql(
CREATE TABLE content_blobs (                -- file texts by SHA-256, shared by the versions
  sha           TEXT PRIMARY KEY,
  text          TEXT NOT NULL
);
CREATE TABLE content_releases (             -- one published version of the whole set
  version       INTEGER PRIMARY KEY,
  at            INTEGER NOT NULL,
  author        TEXT NOT NULL,              -- agent:<login> | assets | seamd
  action        TEXT NOT NULL,              -- seed | publish | rollback | import | assets
  note          TEXT NOT NULL,
  rolled_back_to INTEGER,                   -- rollback: the version whose files it restored
  paths         TEXT NOT NULL               -- JSON array: the files this version changed
);
CREATE TABLE content_release_files (        -- the files of each version
  version       INTEGER NOT NULL REFERENCES content_releases(version),
  path          TEXT NOT NULL,
  sha           TEXT NOT NULL REFERENCES content_blobs(sha),
  changed_in    INTEGER NOT NULL,           -- the version that last changed this file (its ETag)
  PRIMARY KEY (version, path)
);
CREATE TABLE content_drafts (               -- unpublished edits, one per file and author
  path          TEXT NOT NULL,
  author        TEXT NOT NULL,
  text          TEXT,                       -- NULL: the draft removes the file
  base_revision INTEGER NOT NULL,           -- the file's revision the draft started from
  updated_at    INTEGER NOT NULL,
  PRIMARY KEY (path, author)
);
CREATE TABLE content_disk (                 -- assets/ on disk at the last start, by path
  path          TEXT PRIMARY KEY,
  sha           TEXT NOT NULL
);
)sql";

// [SECTION] 10 — the engine's state without its transcript (issue 20): the messages table has
// every line, and the state held the last 24 again, rewritten with every turn. States written
// from now on have no history.transcript, which a seamd before this one reads as unreadable
// (every case would go to a person): this version number makes such a seamd refuse the
// database instead. The states already stored lose theirs here (cases::Load also drops it).
// On PostgreSQL: every row-level change of events is refused the same way.
const char* kV1EventsTriggers =
    R"sql(CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events
  BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events
  BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;)sql";
const char* kV1EventsTriggersPostgres = R"sql(CREATE FUNCTION seam_events_append_only()
  RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'events are append-only'; END $$;
CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events
  FOR EACH ROW EXECUTE FUNCTION seam_events_append_only();
CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events
  FOR EACH ROW EXECUTE FUNCTION seam_events_append_only();)sql";

const char* kV10 = R"sql(
UPDATE cases
   SET state = json_remove(state, '$.history.transcript', '$.history.dropped.transcript')
 WHERE json_valid(state) AND json_type(state, '$.history.transcript') IS NOT NULL;
)sql";
// [SECTION] 11 — recommendations numbered by a column of their own (issue 20): REC-000001 was
// the row's SQLite rowid, which PostgreSQL has no equivalent of.
const char* kV11 = R"sql(
ALTER TABLE recommendations ADD COLUMN seq INTEGER;
UPDATE recommendations SET seq = rowid;
CREATE UNIQUE INDEX recommendations_seq ON recommendations(seq);
)sql";
}  // namespace

const std::vector<Migration>& Migrations() {
    static const std::vector<Migration> migrations = {
        {1,
         "business data, cases, handoffs, events, audit, idempotency",
         kV1,
         {{kV1EventsTriggers, kV1EventsTriggersPostgres}}},
        {2, "webhook delivery backoff", kV2},
        {3, "lighter indexes for turns", kV3},
        {4, "page events by case", kV4},
        {5, "order verification, parcel claims, replacements, duplicate charges", kV5},
        {6, "idempotency records by age", kV6},
        {7, "catalogue variants, related products, recommendations, exchanges, reviews", kV7},
        {8, "proactive engagement: business events, decisions, consent", kV8},
        {9, "content publishing: versions, drafts", kV9},
        // No PostgreSQL store predates it (the engine came later): nothing to drop there.
        {10,
         "conversation states without their transcript",
         kV10,
         {{kV10, "SELECT 1; -- no PostgreSQL store holds a state with its transcript"}}},
        {11,
         "recommendations numbered by seq",
         kV11,
         {{"UPDATE recommendations SET seq = rowid;", "-- no PostgreSQL store predates seq"}}},
    };
    return migrations;
}

Result<std::string> ScriptFor(const Db& db, const Migration& m) {
    std::string script = m.sql;
    if (db.engine() != Engine::kPostgres) return script;
    for (const PostgresEdit& edit : m.postgres) {
        const std::size_t at = script.find(edit.from);
        if (at == std::string::npos) {
            return Error::Make("seam.store.migrate", "migration " + std::to_string(m.version) +
                                                         ": a PostgreSQL edit does not apply");
        }
        script.replace(at, std::string(edit.from).size(), edit.to);
    }
    return script;
}

Result<bool> SyncIdSequences(Db& db) {
    if (db.engine() != Engine::kPostgres) return true;
    auto columns = db.Prepare(
        "SELECT table_name, column_name FROM information_schema.columns "
        "WHERE table_schema = current_schema() AND column_default LIKE 'nextval(%' "
        "ORDER BY table_name");
    if (!columns) return columns.error();
    std::vector<std::pair<std::string, std::string>> serials;
    while (columns->Next())
        serials.emplace_back(columns->Text(0), columns->Text(1));
    if (!columns->error().empty()) return Error::Make("seam.store.step", columns->error());
    for (const auto& [table, column] : serials) {
        // Names from the catalogue, quoted: no input of anyone's reaches this text.
        auto moved =
            db.Exec("SELECT setval(pg_get_serial_sequence('\"" + table + "\"', '" + column +
                    "'), COALESCE(MAX(\"" + column + "\"), 0) + 1, false) FROM \"" + table + "\"");
        if (!moved) return moved.error();
    }
    return true;
}

int SchemaVersion(Db& db) {
    auto stmt = db.Prepare("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
    if (!stmt || !stmt->Next()) return 0;
    return static_cast<int>(stmt->Int(0));
}

Result<int> CheckSchema(Db& db) {
    const int current = SchemaVersion(db);
    const int latest = Migrations().back().version;
    if (current > latest) {
        return Error::Make("seam.store.schema_newer",
                           "the store is at schema " + std::to_string(current) +
                               ", newer than this seamd (" + std::to_string(latest) +
                               "): run the newer seamd");
    }
    if (current < latest) {
        return Error::Make("seam.store.schema_behind",
                           "the store is at schema " + std::to_string(current) +
                               ", this seamd needs " + std::to_string(latest) +
                               ": run `seamd migrate --database ...` once, or start one node with "
                               "--migrate");
    }
    return current;
}

Result<int> Migrate(Db& db) {
    auto table = db.Exec(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
        "name TEXT NOT NULL, applied_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP)");
    if (!table) return table.error();
    int current = SchemaVersion(db);
    int latest = Migrations().back().version;
    if (current > latest) {
        return Error::Make("seam.store.schema_newer",
                           "the database is at schema " + std::to_string(current) +
                               " but this seamd knows only up to " + std::to_string(latest) +
                               "; use a newer seamd");
    }
    for (const Migration& m : Migrations()) {
        if (m.version <= current) continue;
        Transaction txn(db);
        if (!txn.ok()) return Error::Make("seam.store.migrate", "cannot begin a transaction");
        auto script = ScriptFor(db, m);
        if (!script) return script.error();
        auto applied = db.Exec(*script);
        if (!applied) {
            return Error::Make("seam.store.migrate", "migration " + std::to_string(m.version) +
                                                         " failed: " + applied.error().message);
        }
        auto record = db.Prepare("INSERT INTO schema_migrations(version, name) VALUES (?, ?)");
        if (!record) return record.error();
        auto ran = record->Bind(1, m.version).Bind(2, m.name).Run();
        if (!ran) return ran.error();
        auto committed = txn.Commit();
        if (!committed) return committed.error();
        current = m.version;
    }
    return current;
}

}  // namespace seam::store
