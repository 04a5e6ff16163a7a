"""Malformed trees are refused with the node path; hostile text is only ever data."""

from __future__ import annotations

import psycopg
import pytest
from test_segments_support import AS_OF, Bank, create_postgres_tables, expected_members, load_postgres

from siyu.segments import SegmentError, compile_tree, validate_tree
from siyu.segments.definitions import resolver

INJECTION = "x'); DROP TABLE customers; --"


@pytest.mark.parametrize(
    ("tree", "message"),
    [
        (
            {
                "op": "and",
                "args": [
                    {"op": "has_tag", "code": "life.stage"},
                    {"op": "or", "args": [{"op": "cmp", "attr": "agee", "cmp": "=", "value": 1}]},
                ],
            },
            "node and[1].or[0]: unknown attribute 'agee'; expected one of age, ",
        ),
        ({"op": "and", "args": [{"op": "nand", "args": []}]}, "node and[0]: unknown node type 'nand'"),
        ({"op": "or", "args": [{"attr": "age"}]}, "node or[0]: missing 'op'"),
        ({"op": "not", "arg": {"op": "holds", "min_amount": "many"}}, "node not field 'min_amount'"),
        ({"op": "cmp", "attr": "gender", "cmp": "<", "value": "F"}, "node root: operator '<' does not apply"),
        ({"op": "cmp", "attr": "aum", "cmp": ">=", "value": "1e6"}, "attribute 'aum' expects a number"),
        ({"op": "cmp", "attr": "age", "cmp": ">=", "value": 60.5}, "expects a whole number"),
        ({"op": "cmp", "attr": "opened_at", "cmp": ">=", "value": "2024-13-01"}, "expects a date YYYY-MM-DD"),
        ({"op": "cmp", "attr": "wecom_friend", "cmp": "=", "value": "yes"}, "expects true or false"),
        ({"op": "cmp", "attr": "city", "cmp": "LIKE", "value": "%"}, "node root field 'cmp'"),
        ({"op": "between", "attr": "aum", "low": 10, "high": 1}, "low 10.0 is above high 1.0"),
        ({"op": "between", "attr": "city", "low": "a", "high": "b"}, "'between' does not apply to 'city'"),
        ({"op": "in", "attr": "city", "values": []}, "node root field 'values'"),
        ({"op": "and", "args": []}, "node root field 'args'"),
        ({"op": "has_tag", "code": "life.hobby"}, "unknown tag code 'life.hobby'"),
        (
            {"op": "tag_in", "code": "life.stage", "values": ["retried"]},
            "unknown value 'retried' of life.stage",
        ),
        ({"op": "holds", "product_type": "bitcoin"}, "unknown product type 'bitcoin'"),
        ({"op": "aum_band", "band": "rich"}, "unknown AUM band 'rich'"),
        ({"op": "touches", "days": 30}, "give at_least, at_most or both"),
        ({"op": "touches", "days": 30, "at_least": 1, "channel": "tiktok"}, "unknown channel 'tiktok'"),
        ({"op": "touches", "days": 0, "at_least": 1}, "node root field 'days'"),
        ({"op": "segment", "id": "a b"}, "segment id 'a b' must be"),
        ({"op": "has_tag", "code": "life.stage", "extra": 1}, "node root field 'extra': Extra inputs"),
        ([1, 2], "expected a JSON object"),
    ],
)
def test_malformed_trees_name_the_node(tree, message):
    with pytest.raises(SegmentError) as err:
        validate_tree(tree)
    assert message in str(err.value)


def test_every_problem_is_listed():
    tree = {
        "op": "and",
        "args": [
            {"op": "cmp", "attr": "agee", "cmp": "=", "value": 1},
            {"op": "not", "arg": {"op": "has_tag", "code": "nope"}},
        ],
    }
    with pytest.raises(SegmentError) as err:
        validate_tree(tree)
    lines = str(err.value).splitlines()
    assert lines[0].startswith("node and[0]: unknown attribute 'agee'")
    assert lines[1].startswith("node and[1].not field 'code': unknown tag code 'nope'")


def test_unknown_and_cyclic_segment_references():
    with pytest.raises(SegmentError, match="unknown segment 'nope'"):
        compile_tree({"op": "segment", "id": "nope"}, resolve=resolver(None))
    trees = {"a": {"op": "segment", "id": "b"}, "b": {"op": "or", "args": [{"op": "segment", "id": "a"}]}}
    with pytest.raises(SegmentError, match="cycle: b → a → b"):
        compile_tree(trees["a"], resolve=lambda i: validate_tree(trees[i]), as_of=AS_OF)


# Text positions: the hostile value reaches the engine as a bound parameter and is compared as data.
TEXT_POSITIONS = [
    ({"op": "cmp", "attr": "city", "cmp": "=", "value": INJECTION}, set()),
    ({"op": "cmp", "attr": "owner_id", "cmp": "!=", "value": INJECTION}, {"C1"}),
    ({"op": "in", "attr": "occupation", "values": ["teacher", INJECTION]}, {"C1"}),
    ({"op": "holds", "sub_type": INJECTION}, set()),
    ({"op": "between", "attr": "risk_rating", "low": INJECTION, "high": "z"}, set()),
    ({"op": "not", "arg": {"op": "cmp", "attr": "gender", "cmp": "=", "value": INJECTION}}, {"C1", "C2"}),
]
BANK = Bank(
    [
        {
            "customer_id": "C1",
            "city": "上海",
            "occupation": "teacher",
            "gender": "F",
            "owner_id": "M1",
            "risk_rating": "C2",
        },
        {
            "customer_id": "C2",
            "city": INJECTION[:3],
            "occupation": None,
            "gender": "M",
            "owner_id": INJECTION,
            "risk_rating": "C5",
        },
    ],
    profiles=[{"customer_id": "C1", "code": "life.stage", "value": "parent"}],
    holdings=[
        {"holding_id": "h1", "customer_id": "C1", "product_id": "P1", "product_type": "fund", "amount": 1.0}
    ],
)


@pytest.mark.parametrize(("tree", "expected"), TEXT_POSITIONS)
def test_injection_in_text_positions_is_data(tree: dict, expected: set[str], pg_url: str):
    assert expected_members(tree, BANK) == expected
    sql, params = compile_tree(tree, "duckdb", as_of=AS_OF)
    assert "DROP" not in sql and any(INJECTION in str(v) for v in params.values())
    con = BANK.duckdb()
    assert {r[0] for r in con.sql(sql, params=params).fetchall()} == expected
    assert con.sql("SELECT count(*) FROM customers").fetchall() == [(2,)]

    sql, params = compile_tree(tree, "postgres", as_of=AS_OF)
    assert "DROP" not in sql
    with psycopg.connect(pg_url, autocommit=True) as pg:
        create_postgres_tables(pg)
        load_postgres(pg, BANK)
        assert {r[0] for r in pg.execute(sql, params).fetchall()} == expected
        assert pg.execute("SELECT count(*) FROM customers").fetchall() == [(2,)]


@pytest.mark.parametrize(
    "tree",
    [
        {"op": "cmp", "attr": INJECTION, "cmp": "=", "value": "x"},
        {"op": "cmp", "attr": "city", "cmp": INJECTION, "value": "x"},
        {"op": INJECTION},
        {"op": "has_tag", "code": INJECTION},
        {"op": "tag_in", "code": "life.stage", "values": [INJECTION]},
        {"op": "holds", "product_type": INJECTION},
        {"op": "aum_band", "band": INJECTION},
        {"op": "touches", "days": 30, "at_least": 1, "channel": INJECTION},
        {"op": "segment", "id": INJECTION},
    ],
)
def test_injection_in_name_positions_is_refused(tree):
    with pytest.raises(SegmentError):
        compile_tree(tree, "postgres")
