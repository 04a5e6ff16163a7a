"""The product catalogue (~200 products) and the daily NAV history of funds and wealth products."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from siyu.demo.rng import rng_for
from siyu.demo.vocab import vocab
from siyu.lake.schemas import NAV, PRODUCTS

NAV_DAYS = 120
DROP_FUNDS = 4  # funds given a recent fall of more than 5% so care alerts have material


@dataclass
class Catalogue:
    table: pa.Table  # PRODUCTS
    risk: np.ndarray  # 1..5 per product
    term_days: np.ndarray  # 0 = no term
    open_period: np.ndarray  # 0 = none
    kind: np.ndarray  # product_type per product (str)
    sub_type: np.ndarray  # sub_type per product ("" when none)
    expected_yield: np.ndarray
    nav_dates: np.ndarray  # datetime64[D], oldest first
    nav: np.ndarray  # (products, NAV_DAYS); rows of products without NAV are 1.0

    def indices(self, kind: str) -> np.ndarray:
        return np.flatnonzero(self.kind == kind)

    def nav_table(self) -> pa.Table:
        has = np.flatnonzero(np.isin(self.kind, ["fund", "wealth"]))
        ids = self.table.column("product_id").to_numpy(zero_copy_only=False)[has]
        days = len(self.nav_dates)
        return pa.table(
            {
                "product_id": np.repeat(ids, days),
                "nav_date": pa.array(np.tile(self.nav_dates, len(has)), pa.date32()),
                "nav": np.round(self.nav[has].ravel(), 4),
            },
            schema=NAV,
        )


def trading_days(today: dt.date, count: int) -> np.ndarray:
    """The last ``count`` weekdays before ``today`` (holidays are not modelled)."""
    end = np.datetime64(today, "D")
    days = np.arange(end - np.timedelta64(count * 2, "D"), end, dtype="datetime64[D]")
    return days[np.is_busday(days)][-count:]


def build_catalogue(seed: int, today: dt.date) -> Catalogue:
    v = vocab()["products"]
    rng = rng_for(seed, "products")
    rows: list[dict] = []

    def add(prefix: str, **row) -> None:
        count = sum(1 for r in rows if r["product_id"].startswith(prefix)) + 1
        rows.append(
            {
                "product_id": f"{prefix}{count:03d}",
                "sub_type": None,
                "term_days": None,
                "expected_yield": None,
                "benchmark_yield": None,
                "open_period_days": None,
                "next_open_date": None,
                **row,
            }
        )

    bank = vocab()["bank"]["name"]
    for d in v["deposits"]:
        add(
            "D",
            name=d["name"],
            product_type="deposit",
            risk_level="R1",
            term_days=d["term_days"],
            expected_yield=d["yield"],
            benchmark_yield=d["yield"],
            issuer=bank,
        )
    for i in range(v["wealth"]["count"]):
        term = int(rng.choice(v["wealth"]["terms"]))
        base = 1.9 + 0.3 * np.log2(term / 30) + rng.normal(0, 0.15)
        periodic = rng.random() < 0.4
        period = int(rng.choice(v["wealth"]["open_periods"])) if periodic else None
        add(
            "W",
            name=f"{v['issuers'][0]}{rng.choice(v['wealth']['series'])}{term}天{i + 1}号",
            product_type="wealth",
            risk_level=str(rng.choice(["R1", "R2", "R3"], p=[0.2, 0.65, 0.15])),
            term_days=term,
            expected_yield=round(float(base), 2),
            benchmark_yield=round(float(base + rng.uniform(-0.2, 0.3)), 2),
            open_period_days=period,
            next_open_date=today + dt.timedelta(days=int(rng.integers(1, period + 1))) if period else None,
            issuer=v["issuers"][0],
        )
    fund_issuers = v["issuers"][1:]
    for sub_type, spec in v["funds"].items():
        for _ in range(spec["count"]):
            issuer = str(rng.choice(fund_issuers))
            theme = (
                "" if sub_type in ("fund_money_market", "fund_bond") else str(rng.choice(v["fund_themes"]))
            )
            add(
                "F",
                name=f"{issuer.removesuffix('基金')}{theme}{spec['label']}{rng.choice(['A', 'C'])}",
                product_type="fund",
                sub_type=sub_type,
                risk_level=str(rng.choice(spec["risk"])),
                issuer=issuer,
            )
    for _ in range(v["insurance"]["count"]):
        insurer = str(rng.choice(v["insurers"]))
        years = int(rng.choice([5, 10, 20]))
        add(
            "I",
            name=f"{insurer}{rng.choice(v['insurance']['kinds'])}（{years}年交）",
            product_type="insurance",
            risk_level=str(rng.choice(["R1", "R2"])),
            term_days=years * 365,
            expected_yield=round(float(rng.uniform(2.5, 3.0)), 2),
            issuer=insurer,
        )
    for g in v["gold"]:
        add("G", name=g["name"], product_type="gold", risk_level=g["risk"], issuer=bank)

    table = pa.Table.from_pylist(rows, schema=PRODUCTS)
    kind = np.array([r["product_type"] for r in rows])
    sub = np.array([r["sub_type"] or "" for r in rows])
    dates = trading_days(today, NAV_DAYS)
    nav = simulate_nav(seed, kind, sub, v["funds"], len(dates))
    return Catalogue(
        table=table,
        risk=np.array([int(r["risk_level"][1]) for r in rows]),
        term_days=np.array([r["term_days"] or 0 for r in rows]),
        open_period=np.array([r["open_period_days"] or 0 for r in rows]),
        kind=kind,
        sub_type=sub,
        expected_yield=np.array([r["expected_yield"] or 0.0 for r in rows]),
        nav_dates=dates,
        nav=nav,
    )


def simulate_nav(seed: int, kind: np.ndarray, sub: np.ndarray, funds: dict, days: int) -> np.ndarray:
    """Geometric random walks with product-type volatility; a few funds end with a sharp drop."""
    rng = rng_for(seed, "nav")
    vol = np.zeros(len(kind))
    drift = np.zeros(len(kind))
    for sub_type, spec in funds.items():
        vol[sub == sub_type], drift[sub == sub_type] = spec["vol"], spec["drift"]
    vol[kind == "wealth"], drift[kind == "wealth"] = 0.0006, 0.0001
    steps = rng.normal(drift[:, None], vol[:, None], size=(len(kind), days))
    steps[:, 0] = 0.0
    volatile = np.flatnonzero(np.isin(sub, ["fund_equity", "fund_active", "fund_index", "fund_hybrid"]))
    dropped = rng.choice(volatile, size=min(DROP_FUNDS, len(volatile)), replace=False)
    steps[dropped, -5:] += np.log1p(-rng.uniform(0.06, 0.10, size=(len(dropped), 1))) / 5
    start = np.where(np.isin(kind, ["fund"]) & (vol > 0.005), rng.uniform(0.8, 2.5, len(kind)), 1.0)
    nav = start[:, None] * np.exp(np.cumsum(steps, axis=1))
    nav[vol == 0] = 1.0
    return nav
