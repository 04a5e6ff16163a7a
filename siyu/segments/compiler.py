"""Condition trees compiled to SQL with sqlglot expressions; every literal is a bound parameter.

Each leaf is two-valued: a missing attribute makes the leaf false (never SQL NULL), so ``not``
means what a user expects. Tags, holdings and touches become uncorrelated ``IN`` subqueries on
customer_id, which DuckDB, PostgreSQL and Spark all run as semi-joins.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlglot import exp

from siyu.clock import end_of_day, today
from siyu.profile.owners import owner_expression
from siyu.segments.library import load_bands
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
    Segment,
    SegmentError,
    TagIn,
    Touches,
    validate_tree,
)

DIALECTS = ("duckdb", "postgres", "spark")
Resolver = Callable[[str], Segment]

_COMPARISONS: dict[str, type[exp.Binary]] = {
    "=": exp.EQ,
    "!=": exp.NEQ,
    "<": exp.LT,
    "<=": exp.LTE,
    ">": exp.GT,
    ">=": exp.GTE,
}


def shift_years(day: date, years: int) -> date:
    """The same calendar day ``years`` later (earlier if negative); 29 Feb becomes 28 Feb."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def age_on(birth: date, as_of: date) -> int:
    """Whole years completed on ``as_of``."""
    return as_of.year - birth.year - ((as_of.month, as_of.day) < (birth.month, birth.day))


@dataclass
class Compiler:
    """Builds predicates over ``customers AS c``, collecting parameters as it goes."""

    as_of: date
    resolve: Resolver | None = None
    params: dict[str, Any] = field(default_factory=dict)
    stack: list[str] = field(default_factory=list)

    @property
    def cutoff(self) -> datetime:
        return end_of_day(self.as_of)

    def bind(self, value: Any) -> exp.Placeholder:
        name = f"p{len(self.params)}"
        self.params[name] = value
        return exp.Placeholder(this=name)

    def predicate(self, node: Any, negated: bool = False) -> exp.Expression:
        """The node as a SQL condition; ``negated``: some ``not`` encloses it.

        A missing attribute must make a leaf false. Outside any ``not`` SQL's unknown already
        excludes the row (and/or are monotone), so only leaves under a ``not`` need COALESCE;
        bare comparisons elsewhere let the engine push them into the scan.
        """
        if isinstance(node, Segment):
            node = node.root
        if isinstance(node, And):
            return exp.and_(*(exp.paren(self.predicate(a, negated), copy=False) for a in node.args))
        if isinstance(node, Or):
            return exp.paren(exp.or_(*(exp.paren(self.predicate(a, negated), copy=False) for a in node.args)))
        if isinstance(node, Not):
            return exp.not_(exp.paren(self.predicate(node.arg, True)))
        if isinstance(node, Compare | In | Between | AumBand):
            condition = self._attribute(node)
            return exp.func("COALESCE", condition, exp.false()) if negated else condition
        if isinstance(node, HasTag | TagIn):
            return _customer_in(self.tag_query(node))
        if isinstance(node, Holds):
            return _customer_in(self.holdings_query(node, grouped=True))
        if isinstance(node, Touches):
            return self._touches(node)
        if isinstance(node, InSegment):
            return exp.paren(self.referenced(node.id, negated))
        raise SegmentError(f"unsupported node {node!r}")

    def referenced(self, segment_id: str, negated: bool = False) -> exp.Expression:
        """The predicate of another segment, refusing cycles (a → b → a)."""
        if segment_id in self.stack:
            raise SegmentError(f"客群循环引用：{' → '.join([*self.stack, segment_id])}")
        if self.resolve is None:
            raise SegmentError(f"segment {segment_id!r} referenced but no segment store is available")
        tree = self.resolve(segment_id)
        self.stack.append(segment_id)
        try:
            return self.predicate(tree, negated)
        finally:
            self.stack.pop()

    # -- customer attributes -------------------------------------------------------------------

    def column(self, attr: str) -> exp.Expression:
        if attr in ("owner_id", "has_owner"):
            owner = owner_expression("c")
            if attr == "owner_id":
                return owner
            return exp.paren(exp.not_(exp.Is(this=owner, expression=exp.null())))
        return exp.column(attr, table="c")

    def _attribute(self, node: Compare | In | Between | AumBand) -> exp.Expression:
        if isinstance(node, AumBand):
            band = load_bands()[node.band]
            parts = []
            if band.min is not None:
                parts.append(exp.GTE(this=self.column("aum"), expression=self.bind(band.min)))
            if band.max is not None:
                parts.append(exp.LT(this=self.column("aum"), expression=self.bind(band.max)))
            return exp.and_(*parts)
        if node.attr == "age":
            return self._age(node)
        if isinstance(node, Compare):
            return _COMPARISONS[node.cmp](this=self.column(node.attr), expression=self.bind(node.value))
        if isinstance(node, In):
            return self.column(node.attr).isin(*(self.bind(v) for v in node.values))
        return exp.Between(this=self.column(node.attr), low=self.bind(node.low), high=self.bind(node.high))

    def _age(self, node: Compare | In | Between) -> exp.Expression:
        """Age tests as birth_date ranges: portable across engines and exact to the day."""
        birth = exp.column("birth_date", table="c")

        def at_least(years: int) -> exp.Expression:  # born on or before the day they turned `years`
            return exp.LTE(this=birth, expression=self.bind(shift_years(self.as_of, -years)))

        def below(years: int) -> exp.Expression:
            return exp.GT(this=birth, expression=self.bind(shift_years(self.as_of, -years)))

        def equal(years: int) -> exp.Expression:
            return exp.and_(at_least(years), below(years + 1))

        if isinstance(node, Between):
            return exp.and_(at_least(node.low), below(node.high + 1))
        if isinstance(node, In):
            return exp.paren(exp.or_(*(exp.paren(equal(v)) for v in node.values)))
        n = node.value
        return {
            ">=": lambda: at_least(n),
            ">": lambda: at_least(n + 1),
            "<": lambda: below(n),
            "<=": lambda: below(n + 1),
            "=": lambda: equal(n),
            "!=": lambda: exp.and_(
                exp.not_(exp.paren(equal(n))), exp.not_(exp.Is(this=birth, expression=exp.null()))
            ),
        }[node.cmp]()

    # -- related datasets ----------------------------------------------------------------------

    def tag_query(self, node: HasTag | TagIn) -> exp.Select:
        q = exp.select(exp.column("customer_id", table="p")).from_(exp.to_table("profiles").as_("p"))
        q = q.where(exp.EQ(this=exp.column("code", table="p"), expression=self.bind(node.code)))
        if isinstance(node, TagIn):
            q = q.where(exp.column("value", table="p").isin(*(self.bind(v) for v in node.values)))
        return q

    def holdings_query(self, node: Holds, grouped: bool) -> exp.Select:
        """Holdings matching the node; grouped = one row per customer meeting ``min_amount``,
        else one row (customer_id, amount) per matching holding."""
        columns = [exp.column("customer_id", table="h")] + (
            [] if grouped else [exp.column("amount", table="h")]
        )
        q = exp.select(*columns).from_(exp.to_table("holdings").as_("h"))
        if node.sub_type is not None:
            q = q.join(
                exp.to_table("products").as_("pr"),
                on=exp.EQ(
                    this=exp.column("product_id", table="pr"), expression=exp.column("product_id", table="h")
                ),
            )
            q = q.where(exp.EQ(this=exp.column("sub_type", table="pr"), expression=self.bind(node.sub_type)))
        if node.product_type is not None:
            q = q.where(
                exp.EQ(this=exp.column("product_type", table="h"), expression=self.bind(node.product_type))
            )
        if node.maturity_within_days is not None:
            maturity = exp.column("maturity_date", table="h")
            last = self.as_of + timedelta(days=node.maturity_within_days)
            q = q.where(exp.Between(this=maturity, low=self.bind(self.as_of), high=self.bind(last)))
        if grouped and node.min_amount is not None:
            total = exp.func("SUM", exp.column("amount", table="h"))
            q = q.group_by(exp.column("customer_id", table="h")).having(
                exp.GTE(this=total, expression=self.bind(node.min_amount))
            )
        return q

    def touches_query(self, node: Touches, at_least: int | None) -> exp.Select:
        """Customers with at least ``at_least`` effective touches in the node's window
        (``None``: the matching touches themselves, one row each)."""
        t = exp.to_table("touches").as_("t")
        at = exp.column("touched_at", table="t")
        q = exp.select(exp.column("customer_id", table="t")).from_(t)
        q = q.where(exp.EQ(this=exp.column("effective", table="t"), expression=exp.true()))
        q = q.where(exp.GTE(this=at, expression=self.bind(self.cutoff - timedelta(days=node.days))))
        q = q.where(exp.LT(this=at, expression=self.bind(self.cutoff)))
        if node.channel is not None:
            q = q.where(exp.EQ(this=exp.column("channel", table="t"), expression=self.bind(node.channel)))
        if at_least is None:
            return q
        return q.group_by(exp.column("customer_id", table="t")).having(
            exp.GTE(this=exp.Count(this=exp.Star()), expression=self.bind(at_least))
        )

    def _touches(self, node: Touches) -> exp.Expression:
        parts: list[exp.Expression] = []
        if node.at_least:
            parts.append(_customer_in(self.touches_query(node, node.at_least)))
        if node.at_most is not None:
            parts.append(exp.not_(_customer_in(self.touches_query(node, node.at_most + 1))))
        return exp.and_(*parts) if parts else exp.true()


def _customer_in(query: exp.Select) -> exp.Expression:
    return exp.column("customer_id", table="c").isin(query=query)


def build_query(
    tree: Any, *, as_of: date | None = None, resolve: Resolver | None = None, count: bool = False
) -> tuple[exp.Select, dict[str, Any]]:
    """The sqlglot SELECT of the members' customer_id (or of their count) and its parameters."""
    compiler = Compiler(as_of or today(), resolve)
    where = compiler.predicate(validate_tree(tree))
    select = exp.Count(this=exp.Star()) if count else exp.column("customer_id", table="c")
    return exp.select(select).from_(exp.to_table("customers").as_("c")).where(where), compiler.params


def compile_tree(
    tree: Any,
    dialect: str = "duckdb",
    *,
    as_of: date | None = None,
    resolve: Resolver | None = None,
    count: bool = False,
) -> tuple[str, dict[str, Any]]:
    """SQL text for ``dialect`` (duckdb, postgres, spark) and its named parameters.

    Placeholders follow the dialect: ``$p0`` (DuckDB), ``%(p0)s`` (psycopg), ``:p0`` (Spark).
    """
    if dialect not in DIALECTS:
        raise SegmentError(f"unknown dialect {dialect!r}; expected one of {', '.join(DIALECTS)}")
    query, params = build_query(tree, as_of=as_of, resolve=resolve, count=count)
    return query.sql(dialect=dialect), params
