"""Benchmark: demo bank generation (customers with holdings and touches) into a fresh data dir.

Figures: customers/s and holdings rows/s of ``generate_bank`` (vectorised, chunked, written to Parquet),
peak RSS, and the ratio to a plain per-customer Python loop producing the same customer columns for
a 20k sample (no holdings, no writing: a generous baseline), and conversations composed per second.
Last line: JSON of the figures.

    .venv/bin/python benchmarks/bench_generate.py [--small]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import random
import tempfile
import time
from pathlib import Path

from memory import peak_rss_mb

from siyu.demo import generate_bank
from siyu.demo.conversations import PickCollector, conversation_batches, pick_customers
from siyu.demo.customers import BLOCK, BankContext, generate_block
from siyu.demo.org import plan_org
from siyu.demo.people import id_check_digit
from siyu.demo.products import build_catalogue
from siyu.demo.vocab import vocab
from siyu.workspace import open_workspace

TODAY = dt.date(2026, 11, 23)
BASELINE_ROWS = 20_000
CONVERSATIONS = 5_000


def baseline_customers(n: int, seed: int) -> list[dict]:
    """The customer columns, one customer at a time with the standard library."""
    v = vocab()
    rnd = random.Random(seed)
    plan = plan_org(seed)
    surnames, s_weights = list(v["surnames"]), list(v["surnames"].values())
    male, female = v["given_name_chars"]["male"], v["given_name_chars"]["female"]
    occupations = [k for k, o in v["occupations"].items() if o["weight"] > 0]
    occ_weights = [v["occupations"][k]["weight"] for k in occupations]
    sources = list(v["acquisition_sources"])
    ratings = list(v["risk_ratings"])
    bands = v["age_bands"]
    rows = []
    for i in range(n):
        lo, hi, _ = rnd.choices(bands, [b[2] for b in bands])[0]
        age = rnd.randint(lo, hi)
        band = 0 if age < 30 else 1 if age < 45 else 2 if age < 60 else 3
        birth = TODAY - dt.timedelta(days=int(age * 365.25) + rnd.randrange(365))
        is_female = rnd.random() < 0.52
        chars = female if is_female else male
        name = (
            rnd.choices(surnames, s_weights)[0]
            + rnd.choice(chars)
            + (rnd.choice(chars) if rnd.random() < 0.7 else "")
        )
        sb = rnd.choice(plan.sub_branches)
        occupation = (
            "retired" if age >= 60 and rnd.random() < 0.85 else rnd.choices(occupations, occ_weights)[0]
        )
        source = rnd.choices(sources, [s["weights"][band] for s in v["acquisition_sources"].values()])[0]
        rating = rnd.choices(ratings, [w[band] for w in v["risk_ratings"].values()])[0]
        aum = 0.0 if rnd.random() < 0.04 else round(math.exp(rnd.gauss(9.93 + 0.012 * (age - 45), 1.7)), 2)
        p_owned = 0.9 if aum >= 500_000 else 0.35 if aum >= 50_000 else 0.07
        owned = rnd.random() < p_owned
        body = (
            f"{rnd.choice(sb.id_regions)}{birth:%Y%m%d}{rnd.randrange(499) * 2 + (2 if is_female else 1):03d}"
        )
        opted_out = rnd.random() < 0.03
        active_days = rnd.randint(0, 30) if rnd.random() < 0.7 else 0
        rows.append(
            {
                "customer_id": f"C{i + 1:09d}",
                "name": name,
                "gender": "F" if is_female else "M",
                "birth_date": birth,
                "phone": f"1{rnd.randint(3, 9)}{rnd.randrange(10**9):09d}",
                "id_card": body + id_check_digit(body),
                "occupation": occupation,
                "city": sb.city,
                "branch_id": sb.branch_id,
                "sub_branch_id": sb.org_id,
                "acquisition_source": source,
                "opened_at": TODAY - dt.timedelta(days=30 + rnd.randrange(365 * 10)),
                "aum": aum,
                "risk_rating": rating,
                "app_active_days_30d": active_days,
                "last_app_login": TODAY - dt.timedelta(days=rnd.randrange(30)),
                "marketing_consent": not opted_out and rnd.random() < 0.83,
                "opted_out_at": None,
                "wecom_friend": rnd.random() < 0.2,
                "owner_id": rnd.choice(sb.managers) if owned else None,
                "updated_at": TODAY,
            }
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="100k customers instead of 1M")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    customers = 100_000 if args.small else 1_000_000

    with tempfile.TemporaryDirectory(prefix="siyu-bench-") as tmp:
        ws = open_workspace(Path(tmp) / "data")
        ws.engine  # noqa: B018 - migrate the app DB outside the timed section
        t0 = time.perf_counter()
        summary = generate_bank(ws, customers=customers, conversations=0, seed=args.seed, today=TODAY)
        elapsed = time.perf_counter() - t0
        peak = peak_rss_mb()

    # In-memory customer columns only, for a like-for-like comparison with the baseline loop.
    ctx = BankContext(args.seed, TODAY, BASELINE_ROWS, plan_org(args.seed), build_catalogue(args.seed, TODAY))
    t0 = time.perf_counter()
    blocks = [generate_block(ctx, b) for b in range(-(-BASELINE_ROWS // BLOCK))]
    vector_sample = time.perf_counter() - t0
    assert sum(b.customers.num_rows for b in blocks) == BASELINE_ROWS

    # Conversation text is composed one conversation at a time (templates); measured on its own.
    picks = PickCollector(pick_customers(args.seed, BASELINE_ROWS, CONVERSATIONS))
    for b, block in enumerate(blocks):
        picks.collect(b * BLOCK, block.customers)
    t0 = time.perf_counter()
    composed = sum(t.num_rows for t, _ in conversation_batches(ctx, picks.table(args.seed, CONVERSATIONS)))
    conversation_seconds = time.perf_counter() - t0
    assert composed == CONVERSATIONS

    t0 = time.perf_counter()
    rows = baseline_customers(BASELINE_ROWS, args.seed)
    baseline = time.perf_counter() - t0
    assert len(rows) == BASELINE_ROWS

    figures = {
        "customers": summary.customers,
        "holdings": summary.holdings,
        "touches": summary.touches,
        "seconds": round(elapsed, 2),
        "customers_per_s": round(summary.customers / elapsed),
        "rows_per_s": round((summary.customers + summary.holdings + summary.touches) / elapsed),
        "peak_rss_mb": round(peak, 1),
        "baseline_customers_per_s": round(BASELINE_ROWS / baseline),
        "vectorised_sample_customers_per_s": round(BASELINE_ROWS / vector_sample),
        "ratio_end_to_end_vs_baseline": round((summary.customers / elapsed) / (BASELINE_ROWS / baseline), 1),
        "ratio_in_memory_vs_baseline": round(baseline / vector_sample, 1),
        "conversations_per_s": round(CONVERSATIONS / conversation_seconds),
    }
    print(
        f"generated {summary.customers:,} customers, {summary.holdings:,} holdings, "
        f"{summary.touches:,} touches "
        f"in {elapsed:.1f} s ({figures['customers_per_s']:,} customers/s, {figures['rows_per_s']:,} rows/s), "
        f"written to Parquet; peak RSS {peak:.0f} MB"
    )
    print(
        f"baseline Python loop: {figures['baseline_customers_per_s']:,} customers/s (customer columns only, "
        f"{BASELINE_ROWS:,} sample, in memory)"
    )
    print(
        f"vectorised, same sample in memory (customers + holdings + touches): "
        f"{figures['vectorised_sample_customers_per_s']:,} customers/s"
    )
    print(
        f"ratio end-to-end vs baseline: {figures['ratio_end_to_end_vs_baseline']}x; "
        f"in memory: {figures['ratio_in_memory_vs_baseline']}x"
    )
    print(
        f"conversations composed in memory: {figures['conversations_per_s']:,}/s ({CONVERSATIONS:,} sample)"
    )
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
