"""Benchmark: profile folding and a five-clause segment on a large synthetic bank.

    .venv/bin/python benchmarks/bench_segments.py [--small] [--customers N] [--tags M] [--pg-sample K]

Customers and tag events are generated with numpy/pyarrow straight into a throwaway lake (the
schemas the demo generator writes). Then:
  1. profile folding of all tag events (``siyu profile build``) in a child process: time, peak RSS;
     baseline = a plain DISTINCT (customer, code, value) scan of the same events;
  2. a five-clause segment (age between, gender, AUM band, city in, tag value in) counted and
     materialised with DuckDB over the lake (median of 5); baseline = the same filter in pandas on
     frames already in memory; and on PostgreSQL over a sample of customers loaded with COPY.
Results must be identical across engines. The last line of output is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import date, datetime
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import psycopg
import pyarrow as pa
import pyarrow.compute as pc

from siyu.clock import end_of_day
from siyu.demo.people import prefixed_ids
from siyu.segments.compiler import age_on, compile_tree, shift_years
from siyu.workspace import open_workspace

AS_OF = date(2026, 6, 30)
PG_ADMIN = os.environ.get("SIYU_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")
DAY_US = 86_400_000_000
HISTORY_DAYS = 400

CITIES = ["杭州", "南京", "苏州", "上海", "宁波", "无锡"]
OCCUPATIONS = ["white_collar", "civil_servant", "teacher", "doctor", "engineer", "self_employed", "worker"]
SOURCES = ["payroll", "social_security", "car_owner", "community", "white_collar", "app", "walk_in"]
RATINGS = ["C1", "C2", "C3", "C4", "C5"]
# (code, value, relative weight) of the synthetic tag events
TAGS = [
    ("life.interest", "running", 6),
    ("life.interest", "fitness", 6),
    ("life.interest", "reading", 5),
    ("life.interest", "tea", 4),
    ("life.interest", "travel", 5),
    ("life.family", "has_children", 6),
    ("life.family", "has_elders", 3),
    ("life.family", "new_parent", 2),
    ("life.stage", "parent", 4),
    ("life.stage", "retired", 3),
    ("life.stage", "young_professional", 3),
    ("pref.risk", "steady", 8),
    ("pref.risk", "medium", 4),
    ("pref.risk", "high", 2),
    ("pref.product", "wealth", 6),
    ("pref.product", "fund", 5),
    ("pref.term", "le_3m", 3),
    ("pref.term", "6m_12m", 3),
    ("basic.experience", "novice", 4),
    ("basic.funds", "idle", 5),
    ("basic.funds", "incoming", 3),
    ("objection.refusal", "no_time", 4),
    ("objection.refusal", "not_needed", 4),
    ("voice.question", "yield", 5),
    ("voice.question", "recommendation", 4),
    ("basic.platform", "other_bank", 4),
]

SEGMENT = {
    "op": "and",
    "args": [
        {"op": "between", "attr": "age", "low": 25, "high": 45},
        {"op": "cmp", "attr": "gender", "cmp": "=", "value": "F"},
        {"op": "aum_band", "band": "potential"},
        {"op": "in", "attr": "city", "values": ["杭州", "南京"]},
        {"op": "tag_in", "code": "life.interest", "values": ["running", "fitness"]},
    ],
}


def ids(prefix: str, start: int, n: int, width: int = 10) -> pa.Array:
    return prefixed_ids(prefix, np.arange(start, start + n), width)


def pick(rng: np.random.Generator, values: list, n: int, p=None) -> pa.Array:
    return pa.array(np.asarray(values, dtype=object)[rng.choice(len(values), n, p=p)], pa.string())


def customers_chunk(rng: np.random.Generator, start: int, n: int) -> pa.Table:
    epoch_as_of = (AS_OF - date(1970, 1, 1)).days
    birth = epoch_as_of - rng.integers(18 * 365, 85 * 365, n)
    aum = np.round(np.exp(rng.normal(10.8, 1.6, n)), 2)
    owner = np.where(rng.random(n) < 0.3, rng.integers(0, 5000, n), -1)
    owner_ids = pc.if_else(
        pa.array(owner >= 0), ids("M", 0, 5000, 5).take(pa.array(np.maximum(owner, 0))), None
    )
    return pa.table(
        {
            "customer_id": ids("C", start, n),
            "gender": pick(rng, ["M", "F"], n),
            "birth_date": pa.array(birth.astype(np.int32), pa.date32()),
            "occupation": pick(rng, OCCUPATIONS, n),
            "city": pick(rng, CITIES, n),
            "branch_id": pick(rng, ["B1", "B2", "B3"], n),
            "sub_branch_id": pick(rng, [f"S{i}" for i in range(12)], n),
            "acquisition_source": pick(rng, SOURCES, n),
            "aum": pa.array(aum),
            "risk_rating": pick(rng, RATINGS, n),
            "app_active_days_30d": pa.array(rng.integers(0, 31, n).astype(np.int32)),
            "marketing_consent": pa.array(rng.random(n) < 0.8),
            "wecom_friend": pa.array(rng.random(n) < 0.4),
            "owner_id": owner_ids,
        }
    )


def events_chunk(
    rng: np.random.Generator, start: int, n: int, customer_ids: pa.Array, days: tuple[int, int]
) -> pa.Table:
    """Events observed between ``days`` = (newest, oldest) days before the as-of date: arriving in
    time order keeps each chunk to a few date partitions."""
    weights = np.array([w for *_, w in TAGS], dtype=float)
    tag = rng.choice(len(TAGS), n, p=weights / weights.sum())
    cutoff_us = int(end_of_day(AS_OF).timestamp() * 1_000_000)
    observed = cutoff_us - rng.integers(days[0] * DAY_US + DAY_US // 24, days[1] * DAY_US, n)
    source = rng.choice(3, n, p=[0.96, 0.03, 0.01])
    table = pa.table(
        {
            "event_id": ids("E", start, n, 11),
            "customer_id": customer_ids.take(pa.array(rng.integers(0, len(customer_ids), n))),
            "code": pa.array([c for c, *_ in TAGS]).take(pa.array(tag)),
            "value": pa.array([v for _, v, _ in TAGS]).take(pa.array(tag)),
            "confidence": pa.array(np.round(rng.uniform(0.6, 1.0, n), 2)),
            "source": pa.array(["mined", "imported", "confirmed"]).take(pa.array(source)),
            "conversation_id": ids("K", start // 4, n, 11).take(pa.array(np.arange(n) // 4)),
            "utterance": pa.array(rng.integers(0, 30, n).astype(np.int32)),
            "evidence": pa.array([f"{c}={v}" for c, v, _ in TAGS]).take(pa.array(tag)),
            "observed_at": pa.array(observed, pa.timestamp("us", tz="UTC")),
            "date": pa.array(((observed + 8 * 3_600_000_000) // DAY_US).astype(np.int32), pa.date32()),
        }
    )
    # A manager rejects 0.2% of mined tags a day after they were observed.
    rejected = table.filter(pa.array(rng.random(n) < 0.002))
    shifted = pc.add(rejected.column("observed_at").cast(pa.int64()), DAY_US).cast(
        pa.timestamp("us", tz="UTC")
    )
    rejected = (
        rejected.set_column(0, "event_id", pc.binary_join_element_wise("R", rejected.column("event_id"), ""))
        .set_column(5, "source", pa.array(["rejected"] * rejected.num_rows))
        .set_column(9, "observed_at", shifted)
    )
    return pa.concat_tables([table, rejected])


def generate(ws, customers: int, tags: int, chunk: int) -> dict:
    rng = np.random.default_rng(20261123)
    t0 = time.perf_counter()
    for start in range(0, customers, chunk):
        ws.lake.append("customers", customers_chunk(rng, start, min(chunk, customers - start)))
    t1 = time.perf_counter()
    customer_ids = ids("C", 0, customers)
    chunks = -(-tags // chunk)
    for i, start in enumerate(range(0, tags, chunk)):
        days = (HISTORY_DAYS * (chunks - i - 1) // chunks, HISTORY_DAYS * (chunks - i) // chunks)
        ws.lake.append("tag_events", events_chunk(rng, start, min(chunk, tags - start), customer_ids, days))
    t2 = time.perf_counter()
    return {"generate_customers_s": round(t1 - t0, 1), "generate_events_s": round(t2 - t1, 1)}


FOLD_CHILD = """
import json, resource, sys, time
from datetime import date
from siyu.profile.fold import build_profiles
from siyu.workspace import open_workspace
t0 = time.perf_counter()
ws, as_of, limit = open_workspace(sys.argv[1]), date.fromisoformat(sys.argv[2]), sys.argv[3]
summary = build_profiles(ws, as_of, memory_limit=limit)
print(json.dumps({"seconds": time.perf_counter() - t0, "rows": summary.profile_rows,
                  "customers": summary.customers, "events": summary.events,
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def bench_fold(ws, memory_limit: str) -> dict:
    result = subprocess.run(
        [sys.executable, "-c", FOLD_CHILD, str(ws.settings.data_dir), AS_OF.isoformat(), memory_limit],
        check=True,
        capture_output=True,
        text=True,
    )
    fold = json.loads(result.stdout.strip().splitlines()[-1])
    con = ws.lake.connect(duckdb.connect(config={"memory_limit": memory_limit}))
    t0 = time.perf_counter()
    con.sql("SELECT count(*) FROM (SELECT DISTINCT customer_id, code, value FROM tag_events)").fetchall()
    baseline = time.perf_counter() - t0
    con.close()
    return {
        "fold_s": round(fold["seconds"], 2),
        "fold_events_per_s": round(fold["events"] / fold["seconds"]),
        "fold_peak_rss_mb": round(fold["peak_rss_mb"]),
        "fold_profile_rows": fold["rows"],
        "fold_customers": fold["customers"],
        "fold_baseline_distinct_s": round(baseline, 2),
        "fold_vs_distinct_ratio": round(fold["seconds"] / baseline, 2),
    }


def bench_duckdb(ws) -> tuple[dict, np.ndarray]:
    con = ws.lake.connect(duckdb.connect(config={"memory_limit": "6GB"}))
    count_sql, count_params = compile_tree(SEGMENT, "duckdb", as_of=AS_OF, count=True)
    sql, params = compile_tree(SEGMENT, "duckdb", as_of=AS_OF)
    count_times, member_times, members = [], [], None
    for _ in range(5):
        t0 = time.perf_counter()
        n = con.sql(count_sql, params=count_params).fetchall()[0][0]
        t1 = time.perf_counter()
        members = con.sql(sql, params=params).to_arrow_table()
        count_times.append(t1 - t0)
        member_times.append(time.perf_counter() - t1)
    assert members is not None and members.num_rows == n
    ids_sorted = np.sort(members.column("customer_id").to_numpy(zero_copy_only=False).astype(str))
    con.close()
    figures = {
        "segment_count_median_s": round(statistics.median(count_times), 3),
        "segment_materialise_median_s": round(statistics.median(member_times), 3),
        "segment_duckdb_median_s": round(
            statistics.median([a + b for a, b in zip(count_times, member_times, strict=True)]), 3
        ),
        "segment_members": n,
    }
    return figures, ids_sorted


def bench_pandas(ws, expected: np.ndarray) -> dict:
    # Arrow-backed columns: Python string objects for 10M customers would not fit beside the rest.
    customers = ws.lake.read("customers", ["customer_id", "gender", "birth_date", "aum", "city"]).to_pandas(
        types_mapper=pd.ArrowDtype
    )
    profiles = ws.lake.read("profiles", ["customer_id", "code", "value"]).to_pandas(
        types_mapper=pd.ArrowDtype
    )
    times = []
    for _ in range(3):
        t0 = time.perf_counter()
        birth = customers["birth_date"]
        lo, hi = shift_years(AS_OF, -46), shift_years(AS_OF, -25)
        tagged = profiles.loc[
            (profiles["code"] == "life.interest") & profiles["value"].isin(["running", "fitness"]),
            "customer_id",
        ]
        mask = (
            (birth > lo)
            & (birth <= hi)
            & (customers["gender"] == "F")
            & (customers["aum"] >= 50000)
            & (customers["aum"] < 500000)
            & customers["city"].isin(["杭州", "南京"])
            & customers["customer_id"].isin(tagged)
        )
        result = customers.loc[mask, "customer_id"]
        times.append(time.perf_counter() - t0)
    got = np.sort(np.asarray(result.to_list(), dtype=str))
    assert np.array_equal(got, expected), "pandas and DuckDB disagree"
    # the reference definition of age, spot-checked on the members
    for b in customers.loc[mask, "birth_date"].head(100):
        assert 25 <= age_on(b, AS_OF) <= 45
    del customers, profiles
    return {"segment_pandas_median_s": round(statistics.median(times), 3)}


PG_TABLES = {
    "customers": "customer_id text primary key, gender text, birth_date date, aum double precision,"
    " city text, occupation text, risk_rating text, owner_id text",
    "profiles": "customer_id text, code text, value text",
}


def bench_postgres(ws, sample: int, expected: np.ndarray) -> dict:
    schema = f"bench_segments_{uuid.uuid4().hex[:8]}"
    con = ws.lake.connect()
    last_id = f"C{sample:010d}"
    t0 = time.perf_counter()
    with psycopg.connect(PG_ADMIN, autocommit=True) as pg:
        pg.execute(f"CREATE SCHEMA {schema}")
        try:
            pg.execute(f"SET search_path TO {schema}")
            for name, ddl in PG_TABLES.items():
                pg.execute(f"CREATE TABLE {name} ({ddl})")
                columns = ", ".join(c.split()[0] for c in ddl.split(","))
                csv = ws.settings.data_dir / f"{name}.csv"
                con.execute(f"COPY (SELECT {columns} FROM {name} WHERE customer_id < '{last_id}') TO '{csv}'")
                with pg.cursor().copy(f"COPY {name} ({columns}) FROM STDIN (FORMAT csv, HEADER)") as copy:
                    with open(csv, "rb") as fh:
                        while block := fh.read(1 << 20):
                            copy.write(block)
                csv.unlink()
            pg.execute("CREATE INDEX ON profiles (code, value)")
            pg.execute("ANALYZE")
            load_s = time.perf_counter() - t0
            count_sql, count_params = compile_tree(SEGMENT, "postgres", as_of=AS_OF, count=True)
            sql, params = compile_tree(SEGMENT, "postgres", as_of=AS_OF)
            times = []
            for _ in range(3):
                t1 = time.perf_counter()
                n = pg.execute(count_sql, count_params).fetchall()[0][0]
                rows = pg.execute(sql, params).fetchall()
                times.append(time.perf_counter() - t1)
            assert n == len(rows)
        finally:
            pg.execute(f"DROP SCHEMA {schema} CASCADE")
    got = np.sort(np.array([r[0] for r in rows], dtype=str))
    assert np.array_equal(got, expected[expected < last_id]), "PostgreSQL and DuckDB disagree on the sample"
    return {
        "pg_sample_customers": sample,
        "pg_load_s": round(load_s, 1),
        "segment_pg_median_s": round(statistics.median(times), 3),
        "pg_sample_members": n,
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--customers", type=int, default=10_000_000)
    parser.add_argument("--tags", type=int, default=50_000_000)
    parser.add_argument("--small", action="store_true", help="200k customers, 1M tag events")
    parser.add_argument("--pg-sample", type=int, default=1_000_000, help="customers loaded into PostgreSQL")
    parser.add_argument("--memory-limit", default="6GB", help="DuckDB memory limit of the fold")
    parser.add_argument("--dir", type=Path, default=None, help="work directory (default: a temp dir)")
    args = parser.parse_args()
    if args.small:
        args.customers, args.tags = 200_000, 1_000_000
    work = Path(tempfile.mkdtemp(prefix="siyu-bench-segments-", dir=args.dir))
    try:
        ws = open_workspace(work)
        figures: dict = {"customers": args.customers, "tag_events": args.tags}
        figures |= generate(ws, args.customers, args.tags, chunk=1_000_000)
        figures["tag_events_with_rejections"] = ws.lake.count("tag_events")
        print(
            f"generated in {figures['generate_customers_s'] + figures['generate_events_s']:.0f}s", flush=True
        )

        figures |= bench_fold(ws, args.memory_limit)
        print(
            f"fold: {figures['fold_s']}s, {figures['fold_events_per_s']:,} events/s, "
            f"peak RSS {figures['fold_peak_rss_mb']:,} MB, {figures['fold_profile_rows']:,} profile rows "
            f"(distinct-scan baseline {figures['fold_baseline_distinct_s']}s)",
            flush=True,
        )

        duck, expected = bench_duckdb(ws)
        figures |= duck
        print(
            f"segment (DuckDB): count {duck['segment_count_median_s']}s + materialise"
            f" {duck['segment_materialise_median_s']}s (medians), {duck['segment_members']:,} members"
        )

        figures |= bench_pandas(ws, expected)
        figures["pandas_vs_duckdb_ratio"] = round(
            figures["segment_pandas_median_s"] / figures["segment_duckdb_median_s"], 2
        )
        print(f"segment (pandas baseline): median {figures['segment_pandas_median_s']}s", flush=True)

        sample = min(args.pg_sample, args.customers)
        figures |= bench_postgres(ws, sample, expected)
        figures["pg_vs_duckdb_ratio"] = round(
            figures["segment_pg_median_s"] / figures["segment_duckdb_median_s"], 2
        )
        print(
            f"segment (PostgreSQL, {sample:,} customers): median {figures['segment_pg_median_s']}s, "
            f"loaded in {figures['pg_load_s']}s"
        )
        figures["bench_peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
        figures["targets_met"] = {
            "segment_count_le_1s": figures["segment_count_median_s"] <= 1.0,
            "segment_materialise_le_1s": figures["segment_materialise_median_s"] <= 1.0,
            "fold_peak_le_8gb": figures["fold_peak_rss_mb"] <= 8192,
        }
        figures["at"] = datetime.now().isoformat(timespec="seconds")
        print(json.dumps(figures, ensure_ascii=False))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
