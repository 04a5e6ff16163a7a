"""The generated bank: determinism, realistic distributions and internal consistency."""

from __future__ import annotations

import datetime as dt
import re

import pyarrow as pa
import pytest

from siyu.demo import generate_bank
from siyu.demo.people import id_check_digit
from siyu.workspace import open_workspace

TODAY = dt.date(2026, 11, 23)
SORT_KEYS = {
    "customers": "customer_id",
    "holdings": "holding_id",
    "touches": "touch_id",
    "products": "product_id",
    "conversations": "conversation_id",
}


def sorted_table(ws, dataset: str) -> pa.Table:
    return ws.lake.read(dataset).sort_by(SORT_KEYS[dataset])


@pytest.fixture(scope="module")
def bank(tmp_path_factory):
    ws = open_workspace(tmp_path_factory.mktemp("bank") / "data")
    summary = generate_bank(ws, customers=5_000, conversations=300, seed=11, today=TODAY)
    return ws, summary, ws.lake.connect()


def test_deterministic_regardless_of_chunking_rerun_replaces_and_other_seed_differs(tmp_path):
    # More customers than one block, so a chunk size of 1 really splits the work differently.
    a = open_workspace(tmp_path / "a")
    b = open_workspace(tmp_path / "b")
    c = open_workspace(tmp_path / "c")
    generate_bank(a, customers=10_500, conversations=150, seed=3, today=TODAY)
    generate_bank(b, customers=10_500, conversations=150, seed=3, today=TODAY, chunk_size=1)
    keys = [("conversation_id", "ascending"), ("code", "ascending"), ("value", "ascending")]

    def same(x, y) -> None:
        for dataset in SORT_KEYS:
            assert sorted_table(x, dataset).equals(sorted_table(y, dataset)), dataset
        truth_x = x.lake.read("conversation_truth").sort_by(keys)
        assert truth_x.num_rows > 150
        assert truth_x.equals(y.lake.read("conversation_truth").sort_by(keys))
        assert (
            x.lake.read("nav")
            .sort_by([("product_id", "ascending"), ("nav_date", "ascending")])
            .equals(y.lake.read("nav").sort_by([("product_id", "ascending"), ("nav_date", "ascending")]))
        )

    same(a, b)
    # Re-running on the same data dir replaces (no duplicates) and empties derived datasets.
    a.lake.append(
        "profiles", pa.table({"customer_id": ["C000000001"], "code": ["pref.risk"], "value": ["high"]})
    )
    summary = generate_bank(a, customers=10_500, conversations=150, seed=3, today=TODAY)
    same(a, b)
    assert a.lake.count("customers") == summary.customers == 10_500
    assert a.lake.count("holdings") == summary.holdings and a.lake.count("touches") == summary.touches
    assert a.lake.count("conversations") == 150 and a.lake.count("profiles") == 0

    generate_bank(c, customers=2_000, conversations=150, seed=4, today=TODAY)
    assert not sorted_table(a, "customers").slice(0, 2_000).equals(sorted_table(c, "customers"))
    assert not sorted_table(a, "products").equals(sorted_table(c, "products"))
    texts = [r["utterances"] for r in sorted_table(a, "conversations").to_pylist()]
    assert texts != [r["utterances"] for r in sorted_table(c, "conversations").to_pylist()]


def test_bad_sizes_are_rejected(tmp_path):
    ws = open_workspace(tmp_path / "data")
    with pytest.raises(ValueError, match="customers"):
        generate_bank(ws, customers=0, conversations=1, seed=1)
    with pytest.raises(ValueError, match="conversations"):
        generate_bank(ws, customers=10, conversations=-1, seed=1)


def test_customer_distributions(bank):
    _, summary, con = bank
    assert summary.customers == 5_000
    under_50k, over_500k, owned, consent, ages = con.execute("""
        SELECT avg((aum < 50000)::INT), avg((aum > 500000)::INT), avg((owner_id IS NOT NULL)::INT),
               avg(marketing_consent::INT), list_sort(list_distinct(list(date_diff('year', birth_date,
               DATE '2026-11-23'))))
        FROM customers""").fetchone()
    assert under_50k >= 0.6
    assert 0.01 <= over_500k <= 0.10
    assert 0.12 <= owned <= 0.25
    assert 0.7 <= consent <= 0.9
    assert min(ages) >= 18 and max(ages) <= 86
    assert (
        con.execute(
            "SELECT count(*) FROM customers WHERE opted_out_at IS NOT NULL AND marketing_consent"
        ).fetchone()[0]
        == 0
    )
    # Rich customers are mostly owned; owners belong to the customer's sub-branch.
    rich_owned = con.execute(
        "SELECT avg((owner_id IS NOT NULL)::INT) FROM customers WHERE aum >= 500000"
    ).fetchone()[0]
    assert rich_owned > 0.7
    sources = {r[0] for r in con.execute("SELECT DISTINCT acquisition_source FROM customers").fetchall()}
    assert sources == {
        "payroll",
        "social_security",
        "car_owner",
        "community",
        "white_collar",
        "app",
        "walk_in",
        "merchant",
    }
    assert {r[0] for r in con.execute("SELECT DISTINCT risk_rating FROM customers").fetchall()} == {
        "C1",
        "C2",
        "C3",
        "C4",
        "C5",
    }
    # Older customers are more cautious.
    c1_old, c1_young = con.execute("""
            SELECT avg((risk_rating='C1')::INT) FILTER (WHERE birth_date < DATE '1961-01-01'),
                   avg((risk_rating='C1')::INT) FILTER (WHERE birth_date > DATE '1991-01-01')
            FROM customers""").fetchone()
    assert c1_old > c1_young


def test_identity_columns_are_well_formed(bank):
    ws, _, _ = bank
    rows = ws.lake.read(
        "customers", ["customer_id", "gender", "birth_date", "phone", "id_card", "name"]
    ).to_pylist()
    assert len({r["customer_id"] for r in rows}) == len(rows)
    for r in rows:
        card = r["id_card"]
        assert len(card) == 18 and card[:17].isdigit()
        assert id_check_digit(card[:17]) == card[17], card
        assert card[6:14] == r["birth_date"].strftime("%Y%m%d")
        assert int(card[16]) % 2 == (1 if r["gender"] == "M" else 0)
        assert re.fullmatch(r"1[3-9]\d{9}", r["phone"])
        assert re.fullmatch(r"[\u4e00-\u9fff]{2,4}", r["name"])


def test_holdings_add_up_to_aum(bank):
    _, summary, con = bank
    assert summary.holdings > summary.customers
    worst, max_count = con.execute("""
        SELECT max(abs(coalesce(h.total, 0) - c.aum) - 0.01 * coalesce(h.n, 0)), max(coalesce(h.n, 0))
        FROM customers c
        LEFT JOIN (SELECT customer_id, sum(amount) total, count(*) n FROM holdings GROUP BY 1) h
        USING (customer_id)""").fetchone()
    assert worst <= 0.0
    assert max_count <= 6
    assert (
        con.execute(
            "SELECT count(*) FROM holdings h JOIN customers c USING (customer_id) WHERE c.aum = 0"
        ).fetchone()[0]
        == 0
    )
    assert (
        con.execute(
            "SELECT count(*) FROM holdings WHERE product_id NOT IN (SELECT product_id FROM products)"
        ).fetchone()[0]
        == 0
    )
    maturing = con.execute("""SELECT count(*) FROM holdings
        WHERE maturity_date BETWEEN DATE '2026-11-23' AND DATE '2026-11-23' + INTERVAL 30 DAY""").fetchone()[
        0
    ]
    assert maturing > 0
    funds_in_loss = con.execute(
        "SELECT count(*) FROM holdings WHERE product_type = 'fund' AND cost > amount"
    ).fetchone()[0]
    assert funds_in_loss > 0


def test_products_and_nav(bank):
    _, summary, con = bank
    assert 150 <= summary.products <= 250
    sub_types = {
        r[0]
        for r in con.execute("SELECT DISTINCT sub_type FROM products WHERE product_type='fund'").fetchall()
    }
    assert sub_types == {
        "fund_money_market",
        "fund_bond",
        "fund_hybrid",
        "fund_equity",
        "fund_index",
        "fund_active",
    }
    types = {r[0] for r in con.execute("SELECT DISTINCT product_type FROM products").fetchall()}
    assert types == {"deposit", "wealth", "fund", "insurance", "gold"}
    per_product = con.execute(
        "SELECT min(n), max(n), count(*) FROM (SELECT product_id, count(*) n FROM nav GROUP BY 1)"
    ).fetchone()
    navable = con.execute("SELECT count(*) FROM products WHERE product_type IN ('fund','wealth')").fetchone()[
        0
    ]
    assert per_product == (120, 120, navable)
    assert con.execute("SELECT max(nav_date) < DATE '2026-11-23' FROM nav").fetchone()[0]
    drops = con.execute("""
        WITH ranked AS (
            SELECT product_id, nav, row_number() OVER (PARTITION BY product_id ORDER BY nav_date DESC) r
            FROM nav)
        SELECT count(*) FROM (
            SELECT product_id, max(nav) FILTER (WHERE r = 1) / max(nav) FILTER (WHERE r = 6) - 1 d
            FROM ranked GROUP BY 1) WHERE d < -0.05""").fetchone()[0]
    assert drops >= 1


def test_touches_make_owned_customers_effectively_covered(bank):
    _, summary, con = bank
    assert summary.touches > 0
    owned, unowned = con.execute("""
        WITH eff AS (SELECT DISTINCT customer_id FROM touches
                     WHERE effective AND touched_at >= TIMESTAMPTZ '2026-11-23 00:00:00+08' - INTERVAL 90 DAY)
        SELECT avg((e.customer_id IS NOT NULL)::INT) FILTER (WHERE c.owner_id IS NOT NULL),
               avg((e.customer_id IS NOT NULL)::INT) FILTER (WHERE c.owner_id IS NULL)
        FROM customers c LEFT JOIN eff e USING (customer_id)""").fetchone()
    assert owned > 0.5
    assert unowned < 0.15
    bad = con.execute("""SELECT count(*) FROM touches WHERE effective <> (direction IN ('two_way', 'inbound'))
                     OR touched_at > TIMESTAMPTZ '2026-11-23 00:00:00+08'
                     OR touched_at < TIMESTAMPTZ '2026-11-23 00:00:00+08' - INTERVAL 182 DAY""").fetchone()[0]
    assert bad == 0
    assert (
        con.execute(
            "SELECT count(*) FROM touches t JOIN customers c USING (customer_id) "
            "WHERE c.owner_id IS NOT NULL AND t.staff_id <> c.owner_id"
        ).fetchone()[0]
        == 0
    )
