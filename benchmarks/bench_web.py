"""Benchmark: customer 360 page and API latency and throughput at 1M customers (100k with --small).

    .venv/bin/python benchmarks/bench_web.py [--small] [--requests 400] [--concurrency 4]

A lake of customers, holdings and profiles is generated with numpy/pyarrow (sorted by customer_id,
as a T+1 batch would write it), with an app DB holding an admin and a manager. The console runs
under uvicorn in a child process (``siyu serve``); a bounded local client (threads with httpx,
fixed concurrency) loads it on loopback. Baseline: the static /healthz endpoint in the same run.
The last line of output is one JSON object with the figures.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from siyu.db.models import OrgUnit, Staff, User
from siyu.security.passwords import hash_password
from siyu.workspace import open_workspace

PASSWORD = "bench-2026"
BRANCHES = 20
MANAGERS = 2000
TAG_CODES = ["life.interest", "pref.risk", "pref.product", "basic.contact_time", "objection.refusal"]
TAG_VALUES = ["running", "steady", "fund", "evening", "no_time"]
ROW_GROUP = 64_000  # row groups small enough for min/max pruning on customer_id


def _ids(prefix: str, n: int, width: int) -> pa.Array:
    return pa.array(np.char.add(prefix, np.char.zfill(np.arange(n).astype(str), width)))


def generate(root: Path, n: int, seed: int = 11) -> float:
    """Write the lake and app DB; returns seconds taken."""
    t0 = time.perf_counter()
    shutil.rmtree(root, ignore_errors=True)
    ws = open_workspace(root)
    rng = np.random.default_rng(seed)
    lake = ws.lake.root
    cust_id = _ids("C", n, 8)
    owner = rng.integers(0, MANAGERS, n)
    owned = rng.random(n) < 0.4
    owner_ids = np.where(owned, np.char.add("M", np.char.zfill(owner.astype(str), 5)), None)
    phones = np.char.add("13", np.char.zfill(rng.integers(0, 10**9, n).astype(str), 9))
    customers = pa.table(
        {
            "customer_id": cust_id,
            "name": pa.array(np.char.add("客户", np.arange(n).astype(str))),
            "gender": pa.array(rng.choice(["M", "F"], n)),
            "phone": pa.array(phones),
            "id_card": pa.array(np.char.add("1101011990", np.char.zfill(np.arange(n).astype(str), 8))),
            "city": pa.array(rng.choice(["北京", "上海", "广州", "成都"], n)),
            "branch_id": pa.array(np.char.add("B", (owner % BRANCHES).astype(str))),
            "aum": pa.array(np.round(rng.lognormal(10.5, 1.4, n), 2)),
            "risk_rating": pa.array(rng.choice(["C1", "C2", "C3", "C4", "C5"], n)),
            "owner_id": pa.array(owner_ids, pa.string()),
            "marketing_consent": pa.array(rng.random(n) < 0.7),
        }
    )
    _write(lake / "customers", customers, ws)
    per = rng.integers(0, 5, n)  # holdings per customer
    h_cust = np.repeat(np.arange(n), per)
    m = len(h_cust)
    holdings = pa.table(
        {
            "holding_id": _ids("H", m, 9),
            "customer_id": pa.array(np.asarray(cust_id)[h_cust] if n else []),
            "product_id": pa.array(np.char.add("P", rng.integers(0, 500, m).astype(str))),
            "product_type": pa.array(rng.choice(["deposit", "wealth", "fund", "insurance"], m)),
            "amount": pa.array(np.round(rng.lognormal(10, 1, m), 2)),
            "cost": pa.array(np.round(rng.lognormal(10, 1, m), 2)),
        }
    )
    _write(lake / "holdings", holdings, ws)
    tags = rng.integers(0, 4, n)
    p_cust = np.repeat(np.arange(n), tags)
    k = len(p_cust)
    which = rng.integers(0, len(TAG_CODES), k)
    profiles = pa.table(
        {
            "customer_id": pa.array(np.asarray(cust_id)[p_cust]),
            "code": pa.array(np.asarray(TAG_CODES)[which]),
            "value": pa.array(np.asarray(TAG_VALUES)[which]),
            "confidence": pa.array(np.round(rng.uniform(0.6, 1.0, k), 2)),
            "source": pa.array(np.full(k, "mined")),
            "conversation_id": pa.array(np.char.add("CV", p_cust.astype(str))),
            "utterance": pa.array(np.ones(k, dtype=np.int32)),
            "span_start": pa.array(np.zeros(k, dtype=np.int32)),
            "span_end": pa.array(np.full(k, 2, dtype=np.int32)),
            "evidence": pa.array(np.full(k, "跑步")),
        }
    )
    _write(lake / "profiles", profiles, ws)
    hashed = hash_password(PASSWORD)
    with ws.session() as s:
        s.add(OrgUnit(org_id="HO", name="总行", kind="head_office"))
        s.add_all(
            [OrgUnit(org_id=f"B{b}", name=f"分行{b}", kind="branch", parent_id="HO") for b in range(BRANCHES)]
        )
        s.flush()
        s.add(Staff(staff_id="M00000", name="基准经理", kind="manager", org_id="B0", specialties=[]))
        s.flush()
        s.add(User(username="admin", password_hash=hashed, role="admin"))
        s.add(User(username="m0", password_hash=hashed, role="manager", staff_id="M00000"))
    return time.perf_counter() - t0


def _write(folder: Path, table: pa.Table, ws) -> None:
    from siyu.lake.schemas import DATASETS
    from siyu.lake.store import conform

    folder.mkdir(parents=True, exist_ok=True)
    table = conform(table, DATASETS[folder.name][0]).sort_by("customer_id")
    pq.write_table(table, folder / "part-0.parquet", compression="zstd", row_group_size=ROW_GROUP)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(root: Path, port: int) -> subprocess.Popen:
    cmd = [
        sys.executable,
        "-c",
        "from siyu.cli import main; main()",
        "serve",
        "--data-dir",
        str(root),
        "--port",
        str(port),
    ]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return proc
        except httpx.TransportError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("console did not start")


def sign_in(base: str, username: str) -> httpx.Cookies:
    with httpx.Client(base_url=base) as c:
        token = c.get("/api/session").json()["csrf_token"]
        r = c.post(
            "/api/login", json={"username": username, "password": PASSWORD}, headers={"X-CSRF-Token": token}
        )
        r.raise_for_status()
        return c.cookies


def load(base: str, cookies: httpx.Cookies | None, paths: list[str], concurrency: int) -> dict:
    """Issue every path once with ``concurrency`` worker threads; latency per request and overall rate."""
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    chunks = [paths[i::concurrency] for i in range(concurrency)]

    def worker(chunk: list[str]) -> None:
        nonlocal errors
        mine, bad = [], 0
        with httpx.Client(base_url=base, cookies=cookies, timeout=30) as c:
            for path in chunk:
                t = time.perf_counter()
                r = c.get(path)
                mine.append(time.perf_counter() - t)
                bad += r.status_code != 200
        with lock:
            latencies.extend(mine)
            errors += bad

    threads = [threading.Thread(target=worker, args=(ch,)) for ch in chunks]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    ms = np.asarray(latencies) * 1000
    return {
        "requests": len(paths),
        "errors": errors,
        "rps": round(len(paths) / wall, 1),
        "p50_ms": round(float(np.percentile(ms, 50)), 2),
        "p95_ms": round(float(np.percentile(ms, 95)), 2),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--small", action="store_true", help="100k customers instead of 1M")
    ap.add_argument("--requests", type=int, default=400, help="requests per endpoint")
    ap.add_argument("--concurrency", type=int, default=4)
    ap.add_argument("--data-dir", type=Path, default=Path("bench-data/web"))
    args = ap.parse_args()
    n = 100_000 if args.small else 1_000_000
    gen_s = generate(args.data_dir, n)
    print(f"generated {n:,} customers in {gen_s:.1f}s")
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    proc = serve(args.data_dir, port)
    try:
        admin, manager = sign_in(base, "admin"), sign_in(base, "m0")
        rng = np.random.default_rng(5)
        ids = [f"C{i:08d}" for i in rng.integers(0, n, args.requests)]
        con = open_workspace(args.data_dir).lake.connect()
        own = [
            r[0] for r in con.sql("SELECT customer_id FROM customers WHERE owner_id = 'M00000'").fetchall()
        ]
        own_ids = [own[i % len(own)] for i in range(args.requests)]
        warm = [f"/api/customers/{i}" for i in ids[:20]]
        load(base, admin, warm, args.concurrency)
        load(base, manager, [f"/api/customers/{i}" for i in own_ids[:20]], args.concurrency)
        results = {
            "healthz": load(base, None, ["/healthz"] * args.requests, args.concurrency),
            "page_360": load(base, admin, [f"/customers/{i}" for i in ids], args.concurrency),
            "api_360": load(base, admin, [f"/api/customers/{i}" for i in ids], args.concurrency),
            "api_360_manager": load(
                base, manager, [f"/api/customers/{i}" for i in own_ids], args.concurrency
            ),
        }
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    base_rps = results["healthz"]["rps"]
    for name, r in results.items():
        ratio = r["rps"] / base_rps if base_rps else 0
        print(
            f"{name:16s} {r['rps']:8.1f} req/s  p50 {r['p50_ms']:7.2f} ms  p95 {r['p95_ms']:7.2f} ms  "
            f"errors {r['errors']}  throughput vs /healthz {ratio:.2f}"
        )
    peak_mb = (
        max(
            resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
            resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
        )
        / 1024
    )
    print(f"peak memory {peak_mb:.0f} MB")
    figures = {
        "bench": "web",
        "customers": n,
        "concurrency": args.concurrency,
        "generate_s": round(gen_s, 2),
        **{f"{k}_{m}": v[m] for k, v in results.items() for m in ("rps", "p50_ms", "p95_ms", "errors")},
        "api_360_rps_vs_healthz": round(results["api_360"]["rps"] / base_rps, 3) if base_rps else None,
        "page_360_rps_vs_healthz": round(results["page_360"]["rps"] / base_rps, 3) if base_rps else None,
        "peak_mb": round(peak_mb),
    }
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
