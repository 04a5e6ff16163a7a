"""Ingest throughput: a synthetic 企业微信 archive and a customers CSV, against a naive Python loop.

    .venv/bin/python benchmarks/bench_ingest.py [--small]

Writes 1,000,000 wecom messages and 1,000,000 customer rows (100,000 each with --small) into a
temporary folder, ingests both with ``siyu.ingest.ingest_file``, then ingests each file again
(everything already there: the dedupe and merge path). The baseline is what a plain script
would do: ``json.loads`` / ``csv.DictReader`` and a per-row Python validation (and, for wecom,
grouping) loop, timed on a 50,000-row sample and extrapolated per row. The last line of output
is one JSON object.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import tempfile
import time
from datetime import datetime
from itertools import islice
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv
from memory import peak_rss_mb

from siyu.ingest import ingest_file
from siyu.workspace import open_workspace

SAMPLE = 50_000
T0_MS = 1_772_330_400_000  # 2026-03-01 10:00 Beijing
ID_WEIGHTS = np.array([7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2])
CHECK = np.array(list("10X98765432"))


def write_wecom(path: Path, n: int) -> None:
    """n messages in chats of ten messages a minute apart: 200 managers, n/20 customers, 1 in 10 in groups.

    Messages are written in time order, as the archive API returns them.
    """
    rng = np.random.default_rng(7)
    chats = max(n // 10, 1)
    chat = np.arange(n) // 10 % chats
    customers = rng.integers(0, max(n // 20, 1), chats)[chat]
    staff = customers % 200
    in_room = (rng.random(chats) < 0.1)[chat]
    times = (T0_MS + rng.integers(0, 30 * 86_400_000, chats))[chat] + np.arange(n) % 10 * 60_000
    order = np.argsort(times, kind="stable")
    from_staff = rng.random(n) < 0.5
    kinds = rng.choice(np.array(["text"] * 8 + ["image", "voice"]), n)
    with path.open("w", encoding="utf-8") as out:
        for seq, i in enumerate(order.tolist()):
            c, s = f"wm{customers[i]:07d}", f"M{staff[i]:03d}"
            sender, to = (s, c) if from_staff[i] else (c, s)
            room = f"room{staff[i]:03d}" if in_room[i] else ""
            kind = kinds[i]
            body = (
                f',"text":{{"content":"第{seq}条消息，理财到期了吗"}}'
                if kind == "text"
                else f',"{kind}":{{}}'
            )
            out.write(
                f'{{"msgid":"msg{seq:09d}","action":"send","from":"{sender}","tolist":["{to}"],"roomid":"{room}",'
                f'"msgtime":{times[i]},"msgtype":"{kind}"{body}}}\n'
            )


def write_customers(path: Path, n: int) -> None:
    """n customer rows with valid ID-card check digits; one row in a thousand has a bad birth date."""
    rng = np.random.default_rng(11)
    body = np.char.add("1101051980", np.char.zfill(rng.integers(0, 10**7, n).astype(str), 7))
    digits = np.frombuffer("".join(body.tolist()).encode(), np.uint8).reshape(n, 17) - 48
    ids = np.char.add(body, CHECK[(digits * ID_WEIGHTS).sum(axis=1) % 11])
    births = np.datetime64("1950-01-01") + rng.integers(0, 20000, n).astype("timedelta64[D]")
    birth_text = np.datetime_as_string(births).astype(object)
    birth_text[::1000] = "1990-02-30"
    table = pa.table(
        {
            "客户号": [f"C{i:08d}" for i in range(n)],
            "姓名": rng.choice(np.array(["张伟", "王芳", "李娜", "刘洋", "陈静"]), n),
            "性别": rng.choice(np.array(["男", "女"]), n),
            "出生日期": birth_text.astype(str),
            "手机号": np.char.add("138", np.char.zfill(rng.integers(0, 10**8, n).astype(str), 8)),
            "证件号": ids,
            "资产": np.round(rng.lognormal(10, 1.5, n), 2).astype(str),
            "风险等级": rng.choice(np.array(["C1", "C2", "C3", "C4", "C5"]), n),
            "管户经理": np.char.add("M", np.char.zfill(rng.integers(0, 200, n).astype(str), 3)),
        }
    )
    pacsv.write_csv(table, path)


def naive_wecom(path: Path, gap_ms: int = 30 * 60_000) -> float:
    """Seconds per message for json.loads + dict checks + Python grouping, on the first SAMPLE lines."""
    start = time.perf_counter()
    chats: dict[str, list[list[dict]]] = {}
    with path.open(encoding="utf-8") as lines:
        for line in islice(lines, SAMPLE):
            m = json.loads(line)
            if not m.get("msgid") or not m.get("from") or not isinstance(m.get("msgtime"), int):
                continue
            if m.get("action") != "send" or m.get("msgtype") == "revoke":
                continue
            sender, peer = m["from"], m["tolist"][0]
            external = sender.startswith(("wm", "wo"))
            key = m["roomid"] or (f"{sender}|{peer}" if external else f"{peer}|{sender}")
            text = m["text"]["content"] if m["msgtype"] == "text" else f"[{m['msgtype']}]"
            utterance = {"speaker": "customer" if external else "staff", "text": text, "ts": m["msgtime"]}
            parts = chats.setdefault(key, [])
            if not parts or m["msgtime"] - parts[-1][-1]["ts"] > gap_ms:
                parts.append([])
            parts[-1].append(utterance)
    return (time.perf_counter() - start) / SAMPLE


def naive_customers(path: Path) -> float:
    """Seconds per row for csv.DictReader + per-field Python validation, on the first SAMPLE rows."""
    phone = re.compile(r"\d{11}")
    start = time.perf_counter()
    with path.open(encoding="utf-8", newline="") as f:
        for row in islice(csv.DictReader(f), SAMPLE):
            record: dict[str, object] = {"customer_id": row["客户号"], "name": row["姓名"]}
            try:
                record["birth_date"] = datetime.strptime(row["出生日期"], "%Y-%m-%d").date()
                record["aum"] = float(row["资产"].replace(",", ""))
            except ValueError:
                continue
            card = row["证件号"]
            total = sum(int(c) * w for c, w in zip(card[:17], ID_WEIGHTS.tolist(), strict=True))
            if "10X98765432"[total % 11] != card[17] or not phone.fullmatch(row["手机号"]):
                continue
            record["gender"] = {"男": "M", "女": "F"}.get(row["性别"])
            record["risk_rating"] = (
                row["风险等级"] if row["风险等级"] in ("C1", "C2", "C3", "C4", "C5") else None
            )
    return (time.perf_counter() - start) / SAMPLE


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="100,000 rows instead of 1,000,000")
    n = 100_000 if parser.parse_args(argv).small else 1_000_000
    with tempfile.TemporaryDirectory(prefix="siyu-bench-ingest-") as tmp:
        root = Path(tmp)
        wecom, customers = root / "wecom.jsonl", root / "customers.csv"
        write_wecom(wecom, n)
        write_customers(customers, n)
        print(
            f"wrote {n:,} messages ({wecom.stat().st_size / 2**20:.0f} MiB) "
            f"and {n:,} customers ({customers.stat().st_size / 2**20:.0f} MiB)"
        )
        ws = open_workspace(root / "data")
        ws.engine  # noqa: B018 - migrate before timing

        start = time.perf_counter()
        chats = ingest_file(ws, "conversations", wecom, fmt="wecom")
        wecom_s = time.perf_counter() - start
        wecom_peak = peak_rss_mb()
        start = time.perf_counter()
        again = ingest_file(ws, "conversations", wecom, fmt="wecom")
        rerun_s = time.perf_counter() - start
        assert again.ingested == 0, "re-ingest must add nothing"

        start = time.perf_counter()
        people = ingest_file(ws, "customers", customers)
        customers_s = time.perf_counter() - start
        start = time.perf_counter()
        assert ingest_file(ws, "customers", customers).ingested == 0, "re-ingest must add nothing"
        customers_rerun_s = time.perf_counter() - start

        naive_wecom_s = naive_wecom(wecom) * n
        naive_customers_s = naive_customers(customers) * n
    figures = {
        "rows": n,
        "wecom_seconds": round(wecom_s, 2),
        "wecom_messages_per_s": round(n / wecom_s),
        "wecom_conversations": chats.conversations,
        "wecom_reingest_seconds": round(rerun_s, 2),
        "wecom_peak_rss_mb": round(wecom_peak),
        "wecom_naive_seconds_est": round(naive_wecom_s, 2),
        "wecom_speedup_vs_naive": round(naive_wecom_s / wecom_s, 2),
        "customers_seconds": round(customers_s, 2),
        "customers_rows_per_s": round(n / customers_s),
        "customers_reingest_seconds": round(customers_rerun_s, 2),
        "customers_ingested": people.ingested,
        "customers_quarantined": people.quarantined,
        "customers_naive_seconds_est": round(naive_customers_s, 2),
        "customers_speedup_vs_naive": round(naive_customers_s / customers_s, 2),
        "peak_rss_mb": round(peak_rss_mb()),
    }
    print(
        f"wecom:     {n:,} messages in {wecom_s:.2f} s = {n / wecom_s:,.0f} msg/s "
        f"({chats.conversations:,} conversations; re-ingest {rerun_s:.2f} s); "
        f"naive loop est. {naive_wecom_s:.1f} s -> x{naive_wecom_s / wecom_s:.1f}"
    )
    print(
        f"customers: {n:,} rows in {customers_s:.2f} s = {n / customers_s:,.0f} rows/s "
        f"({people.quarantined:,} quarantined; re-ingest {customers_rerun_s:.2f} s); "
        f"naive loop est. {naive_customers_s:.1f} s "
        f"-> x{naive_customers_s / customers_s:.1f}"
    )
    print(f"peak memory (RSS): {figures['peak_rss_mb']} MiB")
    print(json.dumps(figures))
    return figures


if __name__ == "__main__":
    main(sys.argv[1:])
