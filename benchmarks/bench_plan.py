"""Benchmark: planning one day for every customer (all sources, contact policy included).

    .venv/bin/python benchmarks/bench_plan.py [--small] [--customers N]

The lake is generated directly with numpy/pyarrow (customers, products, holdings, NAV, tag events,
membership changes, touches); staff go to a SQLite app DB. ``run_plan`` is timed end to end (touch
sync, candidates in DuckDB, policy, bulk writes). The baseline is a per-customer Python loop doing the
same kinds of checks on a 100k sample, scaled to the full size. The last line is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from memory import peak_rss_mb

from siyu.db.models import OrgUnit, Staff
from siyu.demo.people import prefixed_ids
from siyu.plan.worklist import PlanConfig, load_config, run_plan
from siyu.workspace import Workspace, open_workspace

DAY = date(2026, 3, 24)
CUSTOMERS_PER_MANAGER = 3000
CHUNK = 2_000_000
SIGNALS = [
    ("basic.funds", "idle"),
    ("basic.funds", "incoming"),
    ("basic.investment", "maturing_elsewhere"),
    ("voice.question", "yield"),
]


def ids(prefix: str, start: int, n: int, width: int = 9) -> pa.Array:
    return prefixed_ids(prefix, np.arange(start, start + n), width)


def days(values: np.ndarray) -> pa.Array:
    return pa.array(values.astype("datetime64[D]"), pa.date32())


def build(ws: Workspace, n: int, seed: int = 11) -> dict:
    rng = np.random.default_rng(seed)
    n_mgr = max(2, n // CUSTOMERS_PER_MANAGER)
    n_remote = max(1, n // 12_500)  # about 5,000 unmanaged customers per remote agent
    with ws.session() as s:
        s.add(OrgUnit(org_id="HO", name="总行", kind="head_office"))
        s.flush()
        for b in range(max(1, n_mgr // 100)):
            s.add(OrgUnit(org_id=f"B{b}", name=f"分行{b}", kind="branch", parent_id="HO"))
        s.flush()
        s.add_all(
            Staff(
                staff_id=f"M{i:05d}",
                name=f"经理{i}",
                kind="manager",
                org_id=f"B{i % max(1, n_mgr // 100)}",
                specialties=["fitness"] if i % 3 == 0 else [],
            )
            for i in range(n_mgr)
        )
        s.add_all(
            Staff(staff_id=f"R{i:04d}", name=f"远程{i}", kind="remote", org_id="HO", specialties=[])
            for i in range(n_remote)
        )
    n_prod = 2000
    today = np.datetime64(DAY, "D")
    ws.lake.append("products", pa.table({
        "product_id": ids("p", 0, n_prod, 5),
        "name": ids("产品", 0, n_prod, 5),
        "product_type": pa.array(rng.choice(["deposit", "wealth", "fund", "insurance", "gold"], n_prod)),
        "sub_type": pa.array(rng.choice(["fund_equity", "fund_bond", "fund_money_market", None], n_prod)),
        "benchmark_yield": rng.uniform(1.5, 4.5, n_prod),
        "next_open_date": pa.array((today + rng.integers(0, 90, n_prod)).astype("datetime64[D]"), pa.date32(),
                                   mask=rng.random(n_prod) < 0.8),  # a fifth are open-period products
    }))  # fmt: skip
    nav_days = np.arange(-40, 1)
    prod = np.repeat(np.arange(n_prod), nav_days.size)
    walk = np.cumprod(1 + rng.normal(0.0002, 0.008, (n_prod, nav_days.size)), axis=1).ravel()
    ws.lake.append("nav", pa.table({
        "product_id": ids("p", 0, n_prod, 5).take(pa.array(prod)),
        "nav_date": days(today + np.tile(nav_days, n_prod)),
        "nav": walk,
    }))  # fmt: skip
    n_mgr_ids = ids("M", 0, n_mgr, 5)
    for start in range(0, n, CHUNK):
        m = min(CHUNK, n - start)
        owned = rng.random(m) < 0.6
        owner = n_mgr_ids.take(pa.array(rng.integers(0, n_mgr, m), mask=~owned))
        opted = rng.random(m) < 0.02
        ws.lake.append("customers", pa.table({
            "customer_id": ids("c", start, m),
            "name": pa.array(rng.choice(["王芳", "李强", "张伟", "刘洋"], m)),
            "gender": pa.array(rng.choice(["F", "M"], m)),
            "birth_date": days(np.datetime64("1950-01-01") + rng.integers(0, 365 * 55, m)),
            "opened_at": days(np.datetime64("2010-01-01") + rng.integers(0, 365 * 16, m)),
            "aum": np.round(rng.lognormal(11, 1.5, m), 2),
            "marketing_consent": rng.random(m) < 0.8,
            "opted_out_at": pa.array(np.where(opted, np.datetime64("2026-01-01T00:00:00", "us"),
                                              np.datetime64("NaT", "us")), pa.timestamp("us", tz="UTC")),
            "owner_id": owner,
            "updated_at": pa.array(np.full(m, np.datetime64("2026-01-01T00:00:00", "us")),
                                   pa.timestamp("us", tz="UTC")),
        }))  # fmt: skip
        h = int(m * 1.5)
        cust = rng.integers(start, start + m, h)
        ws.lake.append("holdings", pa.table({
            "holding_id": ids("h", start * 2, h, 10),
            "customer_id": _cid(cust),
            "product_id": ids("p", 0, n_prod, 5).take(pa.array(rng.integers(0, n_prod, h))),
            "amount": (amount := np.round(rng.lognormal(10, 1.2, h), 2)),
            "cost": np.round(amount / (1 + rng.normal(0.02, 0.02, h)), 2),
            "opened_at": days(today - rng.integers(1, 900, h)),
            "maturity_date": pa.array((today + rng.integers(-200, 400, h)).astype("datetime64[D]"),
                                      pa.date32(), mask=rng.random(h) < 0.4),
            "as_of": days(np.full(h, today - 1)),
        }))  # fmt: skip
        t = m
        tcust = rng.integers(start, start + m, t)
        eff = rng.random(t) < 0.4
        tday = today - rng.integers(0, 120, t)
        ws.lake.append("touches", pa.table({
            "touch_id": ids("t", start, t, 10),
            "customer_id": _cid(tcust),
            "channel": pa.array(rng.choice(["chat", "phone", "group"], t)),
            "direction": pa.array(np.where(eff, "two_way", "outbound")),
            "effective": eff,
            "touched_at": pa.array(tday.astype("datetime64[us]"), pa.timestamp("us", tz="UTC")),
            "source": pa.array(np.full(t, "demo")),
            "date": days(tday),
        }))  # fmt: skip
        e = m // 50
        ecust = rng.integers(start, start + m, e)
        pick = pa.array(rng.integers(0, len(SIGNALS), e))
        code, value = zip(*SIGNALS, strict=True)
        eday = today - rng.integers(0, 30, e)
        ws.lake.append("tag_events", pa.table({
            "event_id": ids("e", start, e, 10),
            "customer_id": _cid(ecust),
            "code": pa.array(list(code)).take(pick),
            "value": pa.array(list(value)).take(pick),
            "source": pa.array(np.full(e, "mined")),
            "evidence": pa.array(np.full(e, "最近手上有点闲钱")),
            "observed_at": pa.array(eday.astype("datetime64[us]"), pa.timestamp("us", tz="UTC")),
            "expires_at": pa.array((eday + 30).astype("datetime64[us]"), pa.timestamp("us", tz="UTC")),
            "date": days(eday),
        }))  # fmt: skip
        c = m // 200
        ws.lake.append("membership_changes", pa.table({
            "segment_id": pa.array(rng.choice(["payroll", "elderly", "unmanaged"], c)),
            "customer_id": _cid(rng.integers(start, start + m, c)),
            "change": pa.array(np.full(c, "entered")),
            "run_id": pa.array(np.full(c, "r1")),
            "date": days(np.full(c, today)),
        }))  # fmt: skip
    return {"managers": n_mgr, "remote": n_remote}


def _cid(nums: np.ndarray) -> pa.Array:
    return pc.binary_join_element_wise(
        pa.scalar("c"), pc.utf8_lpad(pa.array(nums).cast(pa.string()), 9, "0"), ""
    )


def baseline(ws: Workspace, cfg: PlanConfig, sample: int) -> float:
    """Per-customer seconds of a plain Python loop over the same kinds of checks (a subset of the sources)."""
    con = ws.lake.connect()
    cust_t = con.sql(f"SELECT * FROM customers ORDER BY customer_id LIMIT {sample}").to_arrow_table()
    con.register("wanted", cust_t.select(["customer_id"]))
    holds_t = con.sql(
        "SELECT h.customer_id, h.maturity_date, h.amount, h.cost, h.opened_at, p.benchmark_yield, "
        "p.next_open_date FROM holdings h LEFT JOIN products p USING (product_id) "
        "WHERE customer_id IN (SELECT customer_id FROM wanted)"
    ).to_arrow_table()
    events_t = con.sql(
        "SELECT customer_id, code, value, date FROM tag_events "
        "WHERE customer_id IN (SELECT customer_id FROM wanted)"
    ).to_arrow_table()
    rules = cfg.alerts["rules"]
    lead = timedelta(days=rules["maturity"]["lead_days"])
    open_lead = timedelta(days=rules["open_period"]["lead_days"])
    signals = {(s["code"], s["value"]): s for s in cfg.signals}
    # A loop needs Python rows: turning the columns into them is part of its cost.
    t0 = time.perf_counter()
    cust, holds, events = cust_t.to_pylist(), holds_t.to_pylist(), events_t.to_pylist()
    by_cust: dict[str, list] = {}
    for h in holds:
        by_cust.setdefault(h["customer_id"], []).append(h)
    ev_by: dict[str, list] = {}
    for e in events:
        ev_by.setdefault(e["customer_id"], []).append(e)
    load: dict[str, int] = {}
    items = []
    for c in cust:
        cands = []
        for h in by_cust.get(c["customer_id"], []):
            if h["maturity_date"] is not None and h["maturity_date"] - lead == DAY:
                cands.append((370, "service", "maturity"))
            if h["next_open_date"] is not None and h["next_open_date"] - open_lead == DAY:
                cands.append((335, "service", "open_period"))
            held_days = (DAY - h["opened_at"]).days
            if h["benchmark_yield"] and h["cost"] and held_days >= 30 and held_days % 30 == 0:
                actual = (h["amount"] / h["cost"] - 1) * 365 / held_days * 100
                if actual <= h["benchmark_yield"] - rules["benchmark_gap"]["gap"]:
                    cands.append((340, "service", "benchmark_gap"))
        b = c["birth_date"]
        if b and (b.month, b.day) == (DAY.month, DAY.day):
            cands.append((250, "service", "birthday"))
        for e in ev_by.get(c["customer_id"], []):
            s = signals.get((e["code"], e["value"])) or signals.get((e["code"], "*"))
            if s and (DAY - e["date"]).days < s["expiry_days"]:
                cands.append((250 + s["priority"], s.get("purpose", "marketing"), e["code"]))
        ok = [x for x in cands if x[1] == "service" or (c["marketing_consent"] and c["opted_out_at"] is None)]
        if ok:
            best = max(ok)
            staff = c["owner_id"] or "remote"
            load[staff] = load.get(staff, 0) + 1
            items.append((c["customer_id"], staff, best, load[staff] <= 30))
    return (time.perf_counter() - t0) / len(cust)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--small", action="store_true", help="500k customers")
    ap.add_argument("--customers", type=int, default=None)
    args = ap.parse_args()
    n = args.customers or (500_000 if args.small else 10_000_000)
    with tempfile.TemporaryDirectory(prefix="bench-plan-") as tmp:
        ws = open_workspace(Path(tmp) / "data")
        t0 = time.perf_counter()
        org = build(ws, n)
        gen_s = time.perf_counter() - t0
        print(f"generated {n:,} customers, {org['managers']:,} managers in {gen_s:.1f}s", flush=True)
        cfg = load_config(ws)
        t0 = time.perf_counter()
        summary = run_plan(ws, DAY, cfg)
        plan_s = time.perf_counter() - t0
        print(f"plan: {summary}", flush=True)
        t0 = time.perf_counter()
        again = run_plan(ws, DAY, cfg)
        rerun_s = time.perf_counter() - t0
        per_customer = baseline(ws, cfg, min(100_000, n))
    base_s = per_customer * n
    peak_mb = peak_rss_mb()
    print(
        f"plan {plan_s:.1f}s ({n / plan_s:,.0f} customers/s), re-run {rerun_s:.1f}s (new items: "
        f"{again['open'] + again['held']}), baseline loop ~{base_s:.1f}s, peak {peak_mb:,.0f} MB"
    )
    print(json.dumps({
        "customers": n, "managers": org["managers"], "generate_s": round(gen_s, 1),
        "plan_s": round(plan_s, 2),
        "customers_per_s": round(n / plan_s), "rerun_s": round(rerun_s, 2), "open_items": summary["open"],
        "held_items": summary["held"], "candidates": summary["candidates"],
        "baseline_loop_s_estimated": round(base_s, 1), "speedup_vs_loop": round(base_s / plan_s, 2),
        "peak_rss_mb": round(peak_mb), "datetime": datetime.now(UTC).isoformat(timespec="seconds"),
    }))  # fmt: skip


if __name__ == "__main__":
    main()
