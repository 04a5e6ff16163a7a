"""Shared by the segment tests: small lake data, a plain-Python reference evaluator of condition
trees, and hypothesis strategies for random customers and random trees."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import duckdb
import pyarrow as pa
from hypothesis import strategies as st

from siyu.clock import end_of_day
from siyu.lake.schemas import CUSTOMERS, HOLDINGS, PRODUCTS, PROFILES, TOUCHES
from siyu.segments import load_library
from siyu.segments.attributes import ATTRIBUTES
from siyu.segments.compiler import age_on, shift_years
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
    TagIn,
    Touches,
    validate_tree,
)

AS_OF = date(2026, 6, 30)
CUTOFF = end_of_day(AS_OF)

PRODUCT_ROWS = [
    {"product_id": "P1", "product_type": "fund", "sub_type": "fund_equity"},
    {"product_id": "P2", "product_type": "fund", "sub_type": "fund_bond"},
    {"product_id": "P3", "product_type": "wealth", "sub_type": None},
    {"product_id": "P4", "product_type": "deposit", "sub_type": None},
]
PRODUCT_OF = {p["product_id"]: p for p in PRODUCT_ROWS}


@dataclass
class Bank:
    customers: list[dict]
    profiles: list[dict] = field(default_factory=list)
    holdings: list[dict] = field(default_factory=list)
    touches: list[dict] = field(default_factory=list)
    products: list[dict] = field(default_factory=lambda: list(PRODUCT_ROWS))

    def tables(self) -> dict[str, pa.Table]:
        return {
            "customers": pa.Table.from_pylist(self.customers, schema=CUSTOMERS),
            "profiles": pa.Table.from_pylist(self.profiles, schema=PROFILES),
            "holdings": pa.Table.from_pylist(self.holdings, schema=HOLDINGS),
            "products": pa.Table.from_pylist(self.products, schema=PRODUCTS),
            "touches": pa.Table.from_pylist(self.touches, schema=TOUCHES),
        }

    def write(self, lake) -> None:
        for name, table in self.tables().items():
            lake.replace(name, table)

    def duckdb(self, con: duckdb.DuckDBPyConnection | None = None) -> duckdb.DuckDBPyConnection:
        """The bank as DuckDB views named like the lake datasets (on ``con`` when given)."""
        con = con or duckdb.connect()
        for name, table in self.tables().items():
            con.register(name, table)
        return con


PG_DDL = {
    "customers": """customer_id text primary key, name text, gender text, birth_date date, phone text,
        id_card text, occupation text, city text, branch_id text, sub_branch_id text, acquisition_source text,
        opened_at date, aum double precision, risk_rating text, app_active_days_30d integer,
        last_app_login date, marketing_consent boolean, opted_out_at timestamptz, wecom_friend boolean,
        owner_id text, updated_at timestamptz""",
    "profiles": """customer_id text, code text, value text, value_num double precision,
        confidence double precision, source text, first_seen timestamptz, last_seen timestamptz,
        expires_at timestamptz, conversation_id text, utterance integer, span_start integer,
        span_end integer, evidence text""",
    "holdings": """holding_id text, customer_id text, product_id text, product_type text,
        amount double precision, cost double precision, opened_at date, maturity_date date, as_of date""",
    "products": """product_id text, name text, product_type text, sub_type text, risk_level text,
        term_days integer, expected_yield double precision, benchmark_yield double precision,
        open_period_days integer, next_open_date date, issuer text""",
    "touches": """touch_id text, customer_id text, staff_id text, channel text, direction text,
        effective boolean, touched_at timestamptz, source text, source_ref text, date date""",
}


def create_postgres_tables(con) -> None:
    for name, ddl in PG_DDL.items():
        con.execute(f"CREATE TABLE {name} ({ddl})")


def load_postgres(con, bank: Bank) -> None:
    """Replace the rows of the tables in the connection's schema with the bank's."""
    for name, table in bank.tables().items():
        con.execute(f"TRUNCATE {name}")
        if table.num_rows:
            with con.cursor().copy(f"COPY {name} ({', '.join(table.column_names)}) FROM STDIN") as copy:
                for row in table.to_pylist():
                    copy.write_row(tuple(row.values()))


# -- the reference evaluator ------------------------------------------------------------------


def attribute_value(customer: dict, attr: str, as_of: date):
    if attr == "age":
        birth = customer.get("birth_date")
        return None if birth is None else age_on(birth, as_of)
    if attr == "has_owner":
        return customer.get("owner_id") is not None
    return customer.get(attr)


OPS = {
    "=": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
}


def evaluate(node, customer: dict, bank: Bank, as_of: date = AS_OF) -> bool:
    """Whether the customer satisfies the node, computed plainly (a missing value makes a leaf false)."""
    cid = customer["customer_id"]
    if isinstance(node, And):
        return all(evaluate(a, customer, bank, as_of) for a in node.args)
    if isinstance(node, Or):
        return any(evaluate(a, customer, bank, as_of) for a in node.args)
    if isinstance(node, Not):
        return not evaluate(node.arg, customer, bank, as_of)
    if isinstance(node, Compare | In | Between):
        value = attribute_value(customer, node.attr, as_of)
        if value is None:
            return False
        if isinstance(node, Compare):
            return OPS[node.cmp](value, node.value)
        if isinstance(node, In):
            return value in node.values
        return node.low <= value <= node.high
    if isinstance(node, AumBand):
        band, aum = load_bands()[node.band], customer.get("aum")
        return (
            aum is not None and (band.min is None or aum >= band.min) and (band.max is None or aum < band.max)
        )
    if isinstance(node, HasTag | TagIn):
        values = {p["value"] for p in bank.profiles if p["customer_id"] == cid and p["code"] == node.code}
        return bool(values) if isinstance(node, HasTag) else bool(values & set(node.values))
    if isinstance(node, Holds):
        matching = []
        for h in bank.holdings:
            product = PRODUCT_OF.get(h["product_id"])
            if h["customer_id"] != cid:
                continue
            if node.sub_type is not None and (product is None or product["sub_type"] != node.sub_type):
                continue
            if node.product_type is not None and h["product_type"] != node.product_type:
                continue
            if node.maturity_within_days is not None:
                m = h["maturity_date"]
                if m is None or not as_of <= m <= as_of + timedelta(days=node.maturity_within_days):
                    continue
            matching.append(h)
        if node.min_amount is None:
            return bool(matching)
        amounts = [h["amount"] for h in matching if h["amount"] is not None]
        return bool(amounts) and sum(amounts) >= node.min_amount
    if isinstance(node, Touches):
        cutoff = end_of_day(as_of)
        n = sum(
            1
            for t in bank.touches
            if t["customer_id"] == cid
            and t["effective"] is True
            and cutoff - timedelta(days=node.days) <= t["touched_at"] < cutoff
            and (node.channel is None or t["channel"] == node.channel)
        )
        return (node.at_least is None or n >= node.at_least) and (node.at_most is None or n <= node.at_most)
    if isinstance(node, InSegment):
        return evaluate(load_library()[node.id].tree.root, customer, bank, as_of)
    raise AssertionError(node)


def expected_members(tree, bank: Bank, as_of: date = AS_OF) -> set[str]:
    root = validate_tree(tree).root
    return {c["customer_id"] for c in bank.customers if evaluate(root, c, bank, as_of)}


# -- hypothesis strategies ----------------------------------------------------------------------

# Birthdays on and next to the days customers turn 30 and 60, where age tests flip.
BIRTHS = [shift_years(AS_OF, -age) + timedelta(days=d) for age in (30, 60) for d in (-1, 0, 1)] + [
    date(1990, 1, 1),
    date(1999, 12, 31),
    date(1952, 2, 29),
]
DATES = [date(2020, 1, 1), date(2024, 6, 30), date(2026, 6, 30)]
DOMAINS = {
    "age": [29, 30, 31, 59, 60, 61],
    "birth_date": BIRTHS,
    "gender": ["M", "F"],
    "occupation": ["office_worker", "teacher", "retired", "x'); DROP TABLE customers; --"],
    "city": ["上海", "北京", "杭州"],
    "branch_id": ["B1", "B2"],
    "sub_branch_id": ["S1", "S2", "S3"],
    "acquisition_source": ["payroll", "community", "social_security"],
    "aum": [0.0, 49999.99, 50000.0, 120000.0, 500000.0, 6000000.0],
    "risk_rating": ["C1", "C2", "C3", "C4", "C5"],
    "opened_at": DATES,
    "last_app_login": DATES,
    "app_active_days_30d": [0, 3, 15, 30],
    "marketing_consent": [True, False],
    "wecom_friend": [True, False],
    "owner_id": ["M1", "M2"],
    "has_owner": [True, False],
}
TAGS = {
    "life.stage": ["parent", "retired", "young_professional"],
    "life.family": ["has_children", "new_parent", "has_elders"],
    "pref.risk": ["steady", "high"],
    "basic.experience": ["novice", "expert"],
}
TOUCH_OFFSETS = [
    timedelta(hours=-1),
    timedelta(days=-29),
    timedelta(days=-89),
    timedelta(days=-91),
    timedelta(0),
    timedelta(days=1),
]


def _maybe(values):
    return st.one_of(st.none(), st.sampled_from(values))


_customer = st.fixed_dictionaries(
    {attr: _maybe(DOMAINS[attr]) for attr in ATTRIBUTES if attr not in ("age", "has_owner")}
)
_tags = st.fixed_dictionaries(
    {code: st.lists(st.sampled_from(v), max_size=2, unique=True) for code, v in TAGS.items()}
)
_holding = st.fixed_dictionaries(
    {
        "product": st.sampled_from(PRODUCT_ROWS),
        "amount": _maybe([100.0, 10000.0, 60000.0]),
        "maturity_date": _maybe(
            [AS_OF, AS_OF + timedelta(days=10), AS_OF + timedelta(days=40), AS_OF - timedelta(1)]
        ),
    }
)
_touch = st.fixed_dictionaries(
    {
        "channel": st.sampled_from(["chat", "phone"]),
        "effective": st.sampled_from([True, False, None]),
        "offset": st.sampled_from(TOUCH_OFFSETS),
    }
)


@st.composite
def banks(draw, max_customers: int = 10) -> Bank:
    n = draw(st.integers(1, max_customers))
    customers, profiles, holdings, touches = [], [], [], []
    for i in range(n):
        cid = f"C{i:03d}"
        customers.append({"customer_id": cid, **draw(_customer)})
        for code, values in draw(_tags).items():
            profiles += [{"customer_id": cid, "code": code, "value": v} for v in values]
        for j, h in enumerate(draw(st.lists(_holding, max_size=3))):
            product = h.pop("product")
            holdings.append(
                {
                    "holding_id": f"{cid}-h{j}",
                    "customer_id": cid,
                    "product_id": product["product_id"],
                    "product_type": product["product_type"],
                    **h,
                }
            )
        for j, t in enumerate(draw(st.lists(_touch, max_size=3))):
            at = CUTOFF + t.pop("offset") - timedelta(microseconds=1)
            touches.append(
                {"touch_id": f"{cid}-t{j}", "customer_id": cid, "touched_at": at, "date": at.date(), **t}
            )
    return Bank(customers, profiles, holdings, touches)


def _leaf_strategies():
    # Half the draws go to attributes with edge cases (derived age, money bands, ordered text, owner).
    attrs = st.one_of(
        st.sampled_from(["age", "aum", "risk_rating", "has_owner"]), st.sampled_from(sorted(ATTRIBUTES))
    )

    @st.composite
    def compare(draw):
        attr = ATTRIBUTES[draw(attrs)]
        return {
            "op": "cmp",
            "attr": attr.name,
            "cmp": draw(st.sampled_from(attr.comparisons)),
            "value": draw(st.sampled_from(DOMAINS[attr.name])),
        }

    @st.composite
    def in_(draw):
        attr = draw(attrs)
        return {
            "op": "in",
            "attr": attr,
            "values": draw(st.lists(st.sampled_from(DOMAINS[attr]), min_size=1, max_size=3)),
        }

    @st.composite
    def between(draw):
        attr = draw(attrs.filter(lambda a: ATTRIBUTES[a].ranged))
        low, high = sorted(draw(st.lists(st.sampled_from(DOMAINS[attr]), min_size=2, max_size=2)))
        return {"op": "between", "attr": attr, "low": low, "high": high}

    @st.composite
    def tag(draw):
        code = draw(st.sampled_from(sorted(TAGS)))
        if draw(st.booleans()):
            return {"op": "has_tag", "code": code}
        return {
            "op": "tag_in",
            "code": code,
            "values": draw(st.lists(st.sampled_from(TAGS[code]), min_size=1)),
        }

    holds = st.fixed_dictionaries(
        {"op": st.just("holds")},
        optional={
            "product_type": st.sampled_from(["fund", "wealth", "deposit", "gold"]),
            "sub_type": st.sampled_from(["fund_equity", "fund_bond"]),
            "min_amount": st.sampled_from([0, 100, 10000, 70000]),
            "maturity_within_days": st.sampled_from([0, 10, 30, 60]),
        },
    )
    touches = st.fixed_dictionaries(
        {"op": st.just("touches"), "days": st.sampled_from([1, 30, 90])},
        optional={"channel": st.sampled_from(["chat", "phone"])},
    ).flatmap(
        lambda d: st.sampled_from(
            [{"at_least": 1}, {"at_least": 2}, {"at_most": 0}, {"at_least": 1, "at_most": 1}]
        ).map(lambda b: {**d, **b})
    )
    band = st.builds(lambda b: {"op": "aum_band", "band": b}, st.sampled_from(sorted(load_bands())))
    segment = st.builds(
        lambda s: {"op": "segment", "id": s},
        st.sampled_from(["elderly", "young_mothers", "unmanaged", "tier_potential"]),
    )
    return st.one_of(compare(), in_(), between(), tag(), holds, touches, band, segment)


trees = st.recursive(
    _leaf_strategies(),
    lambda children: st.one_of(
        st.builds(lambda a: {"op": "and", "args": a}, st.lists(children, min_size=1, max_size=3)),
        st.builds(lambda a: {"op": "or", "args": a}, st.lists(children, min_size=1, max_size=3)),
        st.builds(lambda a: {"op": "not", "arg": a}, children),
    ),
    max_leaves=6,
)
