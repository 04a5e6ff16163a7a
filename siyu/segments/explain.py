"""Why a customer is in or out of a segment: every node of the tree with its result and the
customer's actual values."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

import duckdb

from siyu.clock import today
from siyu.profile.engine import open_duckdb
from siyu.profile.rules import load_rules
from siyu.segments.compiler import Compiler, Resolver, age_on
from siyu.segments.definitions import get_segment, resolver
from siyu.segments.library import labels, load_bands
from siyu.segments.tree import (
    And,
    AumBand,
    Between,
    Compare,
    HasTag,
    Holds,
    In,
    InSegment,
    Not,
    Or,
    SegmentError,
    TagIn,
    Touches,
    validate_tree,
)
from siyu.workspace import Workspace


@dataclass(frozen=True)
class ClauseResult:
    path: str  # and[1].or[0]; "root" for the top node
    depth: int
    label: str  # the clause in words (Chinese)
    result: bool
    actual: str | None  # the customer's own value(s) the clause looked at


def _fmt(value: Any) -> str:
    if value is None:
        return "空"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return f"{value:,.2f}"
    return str(value)


def describe(node: Any, name_of=lambda seg_id: seg_id) -> str:
    """The clause in words, for bank staff."""
    attr_labels, product_labels = labels()["attributes"], labels()["product_types"]
    if isinstance(node, And):
        return "同时满足以下全部条件"
    if isinstance(node, Or):
        return "满足以下任一条件"
    if isinstance(node, Not):
        return "不满足以下条件"
    if isinstance(node, Compare):
        return f"{attr_labels.get(node.attr, node.attr)} {node.cmp} {_fmt(node.value)}"
    if isinstance(node, In):
        return f"{attr_labels.get(node.attr, node.attr)} 属于 {'、'.join(map(_fmt, node.values))}"
    if isinstance(node, Between):
        return f"{attr_labels.get(node.attr, node.attr)} 介于 {_fmt(node.low)} 与 {_fmt(node.high)}"
    if isinstance(node, HasTag | TagIn):
        rule = load_rules().codes[node.code]
        name = f"{rule.label}（{node.code}）" if rule.label else node.code
        if isinstance(node, HasTag):
            return f"画像有标签 {name}"
        return f"画像标签 {name} 属于 {'、'.join(rule.values.get(v, v) for v in node.values)}"
    if isinstance(node, Holds):
        what = product_labels.get(node.product_type, "任意产品") if node.product_type else "任意产品"
        text = f"持有{what}" + (f"（{node.sub_type}）" if node.sub_type else "")
        if node.maturity_within_days is not None:
            text += f"，{node.maturity_within_days}天内到期"
        if node.min_amount is not None:
            text += f"，合计不少于 {node.min_amount:,.0f} 元"
        return text
    if isinstance(node, AumBand):
        band = load_bands()[node.band]
        low = "" if band.min is None else f"{band.min:,.0f}"
        high = "" if band.max is None else f"{band.max:,.0f}"
        return f"AUM 属于「{band.name}」（{low}–{high} 元）"
    if isinstance(node, Touches):
        channel = labels()["channels"].get(node.channel, node.channel) if node.channel else ""
        bounds = []
        if node.at_least is not None:
            bounds.append(f"至少 {node.at_least} 次")
        if node.at_most is not None:
            bounds.append(f"至多 {node.at_most} 次")
        return f"近{node.days}天{channel}有效触达{'且'.join(bounds)}"
    if isinstance(node, InSegment):
        return f"属于客群「{name_of(node.id)}」"
    raise SegmentError(f"unsupported node {node!r}")


@dataclass
class Clause:
    path: str
    depth: int
    node: Any


def walk(node: Any, resolve: Resolver, path: str = "root", depth: int = 0, stack=()) -> Iterator[Clause]:
    yield Clause(path, depth, node)
    prefix = "" if path == "root" else f"{path}."
    if isinstance(node, And | Or):
        for i, child in enumerate(node.args):
            yield from walk(child, resolve, f"{prefix}{node.op}[{i}]", depth + 1, stack)
    elif isinstance(node, Not):
        yield from walk(node.arg, resolve, f"{prefix}not", depth + 1, stack)
    elif isinstance(node, InSegment):
        if node.id in stack:
            raise SegmentError(f"客群循环引用：{' → '.join([*stack, node.id])}")
        yield from walk(
            resolve(node.id).root, resolve, f"{prefix}segment({node.id})", depth + 1, (*stack, node.id)
        )


def _actual_sql(node: Any, compiler: Compiler) -> str | None:
    """DuckDB SQL for the customer's own values behind a leaf (the customer is ``$customer_id``)."""
    if isinstance(node, Compare | In | Between):
        if node.attr == "age":
            return "c.birth_date"
        return compiler.column(node.attr).sql("duckdb")
    if isinstance(node, AumBand):
        return "c.aum"
    if isinstance(node, HasTag | TagIn):
        code = compiler.bind(node.code).sql("duckdb")
        return (
            "(SELECT list_sort(list(x.value)) FROM profiles AS x"
            f" WHERE x.customer_id = $customer_id AND x.code = {code})"
        )
    if isinstance(node, Holds):
        inner = compiler.holdings_query(node, grouped=False).sql("duckdb")
        return (
            "(SELECT {'n': count(*), 'total': sum(x.amount)}"
            f" FROM ({inner}) AS x WHERE x.customer_id = $customer_id)"
        )
    if isinstance(node, Touches):
        inner = compiler.touches_query(node, None).sql("duckdb")
        return f"(SELECT count(*) FROM ({inner}) AS x WHERE x.customer_id = $customer_id)"
    return None


def _format_actual(node: Any, value: Any, as_of: date) -> str | None:
    if isinstance(node, Compare | In | Between) and node.attr == "age":
        return "空" if value is None else f"{age_on(value, as_of)}（出生日期 {value}）"
    if isinstance(node, HasTag | TagIn):
        return "、".join(value) if value else "无"
    if isinstance(node, Holds):
        return f"{value['n']} 笔，合计 {value['total'] or 0:,.0f} 元"
    if isinstance(node, Touches):
        return f"{value} 次"
    if isinstance(node, Compare | In | Between | AumBand):
        return _fmt(value)
    return None


def explain_on(
    con: duckdb.DuckDBPyConnection,
    tree: Any,
    customer_id: str,
    *,
    as_of: date | None = None,
    resolve: Resolver,
    name_of=lambda seg_id: seg_id,
) -> list[ClauseResult]:
    as_of = as_of or today()
    clauses = list(walk(validate_tree(tree).root, resolve))
    compiler = Compiler(as_of, resolve)
    columns = []
    for i, clause in enumerate(clauses):
        columns.append(f"{compiler.predicate(clause.node, negated=True).sql('duckdb')} AS r{i}")
        actual = _actual_sql(clause.node, compiler)
        columns.append(f"{actual or 'NULL'} AS a{i}")
    sql = f"SELECT {', '.join(columns)} FROM customers AS c WHERE c.customer_id = $customer_id LIMIT 1"
    rows = con.sql(sql, params={**compiler.params, "customer_id": customer_id}).fetchall()
    if not rows:
        raise SegmentError(f"未找到客户 {customer_id!r}")
    row = rows[0]
    return [
        ClauseResult(
            c.path,
            c.depth,
            describe(c.node, name_of),
            bool(row[2 * i]),
            _format_actual(c.node, row[2 * i + 1], as_of),
        )
        for i, c in enumerate(clauses)
    ]


def explain(ws: Workspace, tree: Any, customer_id: str, *, as_of: date | None = None) -> list[ClauseResult]:
    """Clause by clause: is the customer in, and what values of theirs decided it."""
    con = open_duckdb(ws)
    try:
        return explain_on(
            con,
            tree,
            customer_id,
            as_of=as_of,
            resolve=resolver(ws),
            name_of=lambda seg_id: get_segment(ws, seg_id).name,
        )
    finally:
        con.close()
