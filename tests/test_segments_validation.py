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
            "节点 and[1].or[0]：未知属性 'agee'，可用：age, ",
        ),
        ({"op": "and", "args": [{"op": "nand", "args": []}]}, "节点 and[0]：未知节点类型 'nand'"),
        ({"op": "or", "args": [{"attr": "age"}]}, "节点 or[0]：缺少 'op'"),
        ({"op": "not", "arg": {"op": "holds", "min_amount": "many"}}, "节点 not 字段 'min_amount'：需要数字"),
        (
            {"op": "cmp", "attr": "gender", "cmp": "<", "value": "F"},
            "节点 root：比较符 '<' 不适用于属性 'gender'",
        ),
        ({"op": "cmp", "attr": "aum", "cmp": ">=", "value": "1e6"}, "属性 'aum' 需要数字"),
        ({"op": "cmp", "attr": "age", "cmp": ">=", "value": 60.5}, "需要整数"),
        ({"op": "cmp", "attr": "opened_at", "cmp": ">=", "value": "2024-13-01"}, "需要日期 YYYY-MM-DD"),
        ({"op": "cmp", "attr": "wecom_friend", "cmp": "=", "value": "yes"}, "需要 true 或 false"),
        (
            {"op": "cmp", "attr": "city", "cmp": "LIKE", "value": "%"},
            "节点 root 字段 'cmp'：只能是 '=', '!='",
        ),
        ({"op": "between", "attr": "aum", "low": 10, "high": 1}, "下限 low 10.0 大于上限 high 1.0"),
        ({"op": "between", "attr": "city", "low": "a", "high": "b"}, "属性 'city' 不能用 between"),
        ({"op": "in", "attr": "city", "values": []}, "节点 root 字段 'values'：至少需要 1 项"),
        ({"op": "and", "args": []}, "节点 root 字段 'args'：至少需要 1 项"),
        ({"op": "has_tag", "code": "life.hobby"}, "未知标签 'life.hobby'"),
        (
            {"op": "tag_in", "code": "life.stage", "values": ["retried"]},
            "标签 life.stage 没有取值 'retried'",
        ),
        ({"op": "holds", "product_type": "bitcoin"}, "未知产品类型 'bitcoin'"),
        ({"op": "aum_band", "band": "rich"}, "未知 AUM 分层 'rich'"),
        ({"op": "touches", "days": 30}, "请给出 at_least、at_most 或两者"),
        ({"op": "touches", "days": 30, "at_least": 1, "channel": "tiktok"}, "未知触达渠道 'tiktok'"),
        ({"op": "touches", "days": 0, "at_least": 1}, "节点 root 字段 'days'：不能小于 1"),
        ({"op": "segment", "id": "a b"}, "客群编号 'a b' 只能包含"),
        ({"op": "has_tag", "code": "life.stage", "extra": 1}, "节点 root 字段 'extra'：不认识的字段"),
        ([1, 2], "应为带 'op' 的 JSON 对象"),
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
    assert lines[0].startswith("节点 and[0]：未知属性 'agee'")
    assert lines[1].startswith("节点 and[1].not 字段 'code'：未知标签 'nope'")


def test_unknown_and_cyclic_segment_references():
    with pytest.raises(SegmentError, match="未知客群 'nope'"):
        compile_tree({"op": "segment", "id": "nope"}, resolve=resolver(None))
    trees = {"a": {"op": "segment", "id": "b"}, "b": {"op": "or", "args": [{"op": "segment", "id": "a"}]}}
    with pytest.raises(SegmentError, match="循环引用：b → a → b"):
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
