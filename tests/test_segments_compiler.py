"""The compiled SQL selects exactly the customers a plain Python evaluation of the tree selects,
on DuckDB and on PostgreSQL, for random trees over random customers."""

from __future__ import annotations

import duckdb
import psycopg
import pytest
import sqlglot
from hypothesis import HealthCheck, given, settings
from test_segments_support import (
    AS_OF,
    Bank,
    banks,
    create_postgres_tables,
    expected_members,
    load_postgres,
    trees,
)

from siyu.segments import compile_tree
from siyu.segments.definitions import resolver

SETTINGS = settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture(scope="module")
def duck() -> duckdb.DuckDBPyConnection:
    return duckdb.connect()


@pytest.fixture
def pg(pg_url: str):
    with psycopg.connect(pg_url, autocommit=True) as con:
        create_postgres_tables(con)
        yield con


@SETTINGS
@given(bank=banks(), tree=trees)
def test_duckdb_matches_reference(duck, bank: Bank, tree: dict):
    sql, params = compile_tree(tree, "duckdb", as_of=AS_OF, resolve=resolver(None))
    got = {r[0] for r in bank.duckdb(duck).sql(sql, params=params).fetchall()}
    assert got == expected_members(tree, bank)


@SETTINGS
@given(bank=banks(), tree=trees)
def test_postgres_matches_reference(pg, bank: Bank, tree: dict):
    sql, params = compile_tree(tree, "postgres", as_of=AS_OF, resolve=resolver(None))
    load_postgres(pg, bank)
    got = {r[0] for r in pg.execute(sql, params).fetchall()}
    assert got == expected_members(tree, bank)


@settings(max_examples=60, deadline=None)
@given(tree=trees)
def test_spark_sql_is_valid_and_parameterised(tree: dict):
    sql, params = compile_tree(tree, "spark", as_of=AS_OF, resolve=resolver(None))
    parsed = sqlglot.parse_one(sql, read="spark")
    assert {p.name for p in parsed.find_all(sqlglot.exp.Placeholder)} == set(params)
    assert "'" not in sql  # no literal text: every value travels as a parameter


def test_count_query_and_placeholder_styles():
    tree = {"op": "cmp", "attr": "city", "cmp": "=", "value": "上海"}
    assert compile_tree(tree, "duckdb") == (
        "SELECT c.customer_id FROM customers AS c WHERE c.city = $p0",
        {"p0": "上海"},
    )
    # under a `not` a missing value must still count as false, so the leaf is wrapped
    assert "NOT (COALESCE(c.city = $p0, FALSE))" in compile_tree({"op": "not", "arg": tree})[0]
    assert "%(p0)s" in compile_tree(tree, "postgres")[0]
    assert ":p0" in compile_tree(tree, "spark")[0]
    assert compile_tree(tree, "duckdb", count=True)[0].startswith("SELECT COUNT(*) FROM customers AS c")
    with pytest.raises(ValueError, match="unknown dialect"):
        compile_tree(tree, "oracle")


@pytest.mark.parametrize(
    ("cmp", "value", "born_years_ago", "day_offset", "member"),
    [
        (">=", 60, 60, 0, True),  # the 60th birthday is today
        (">=", 60, 60, 1, False),  # ... tomorrow
        ("<", 60, 60, 0, False),
        ("<", 60, 60, 1, True),
        (">", 59, 60, 0, True),
        ("<=", 59, 60, 0, False),
        ("=", 60, 60, 0, True),
        ("=", 60, 61, 1, True),  # turns 61 tomorrow
        ("=", 60, 61, 0, False),
        ("!=", 60, 61, 0, True),
    ],
)
def test_age_boundaries(cmp: str, value: int, born_years_ago: int, day_offset: int, member: bool):
    from datetime import timedelta

    from siyu.segments.compiler import shift_years

    birth = shift_years(AS_OF, -born_years_ago) + timedelta(days=day_offset)
    bank = Bank([{"customer_id": "C1", "birth_date": birth}, {"customer_id": "C2", "birth_date": None}])
    tree = {"op": "cmp", "attr": "age", "cmp": cmp, "value": value}
    sql, params = compile_tree(tree, "duckdb", as_of=AS_OF)
    got = {r[0] for r in bank.duckdb().sql(sql, params=params).fetchall()}
    assert got == ({"C1"} if member else set()) == expected_members(tree, bank)
