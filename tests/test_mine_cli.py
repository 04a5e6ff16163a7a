"""`siyu mine FILE`, `siyu mine eval` and `siyu mine run` on real files and a real lake."""

from __future__ import annotations

import io
import json
from datetime import UTC, date, datetime
from pathlib import Path

import pyarrow as pa
from typer.testing import CliRunner

from siyu.cli import app
from siyu.mine import Miner, evaluate, load_rules
from siyu.mine.lake import mine_lake
from siyu.mine.stream import mine_stream
from siyu.workspace import Workspace

RUNNER = CliRunner()


def conv(cid: str, *turns: tuple[str, str], **extra: object) -> dict:
    utts = [{"speaker": "staff" if s == "s" else "customer", "text": t} for s, t in turns]
    return {"id": cid, "channel": "call", "utterances": utts, **extra}


def write_jsonl(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_mine_file_keeps_order_and_line_count_and_reports_bad_lines(tmp_path: Path) -> None:
    good = [
        json.dumps(conv(f"c-{i}", ("s", "您什么时候方便联系？"), ("c", "晚上吧")), ensure_ascii=False)
        for i in range(30)
    ]
    lines = (
        good[:10]
        + ['{"id": "bad-1", "utterances": [{"speaker": "bot", "text": "x"}]}', "not json"]
        + good[10:]
    )
    src = write_jsonl(tmp_path / "in.jsonl", lines)
    out = tmp_path / "out.jsonl"
    result = RUNNER.invoke(app, ["mine", str(src), "--out", str(out), "--workers", "2"])
    assert result.exit_code == 1  # some lines were bad
    assert f"{src}:11: field utterances[0].speaker" in result.output
    assert f"{src}:12: not valid JSON" in result.output
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == len(lines)
    assert [r.get("conversation_id") for r in rows] == [f"c-{i}" for i in range(10)] + ["bad-1", None] + [
        f"c-{i}" for i in range(10, 30)
    ]
    assert "error" in rows[10] and "error" in rows[11]
    tag = rows[0]["tags"][0]
    assert (tag["code"], tag["value"], tag["speaker"]) == ("basic.contact_time", "evening", "customer")
    assert tag["evidence"] == [{"utterance": 1, "start": 0, "end": 2, "text": "晚上"}]


def test_many_small_blocks_keep_order_and_line_numbers(tmp_path: Path) -> None:
    lines = [json.dumps(conv(f"k-{i}", ("c", "我平时喜欢跑步")), ensure_ascii=False) for i in range(200)]
    lines[123] = '{"id": "k-123", "utterances": "none"}'
    src = write_jsonl(tmp_path / "in.jsonl", lines)
    out, err = io.BytesIO(), io.StringIO()
    with src.open("rb") as fh:
        stats = mine_stream(fh, out, "in.jsonl", workers=2, err=err, block=300)
    rows = [json.loads(line) for line in out.getvalue().decode("utf-8").splitlines()]
    assert stats.lines == 200 and stats.errors == 1
    assert [r["conversation_id"] for r in rows] == [f"k-{i}" for i in range(200)]
    assert err.getvalue() == "in.jsonl:124: field utterances: expected a list of {speaker, text}\n"
    assert all(r["tags"][0]["value"] == "running" for i, r in enumerate(rows) if i != 123)


def test_mine_file_to_stdout_and_numbers_are_numbers(tmp_path: Path) -> None:
    src = write_jsonl(
        tmp_path / "in.jsonl", [json.dumps(conv("y", ("c", "年化能到3个点吗")), ensure_ascii=False)]
    )
    result = RUNNER.invoke(app, ["mine", str(src), "--workers", "1"])
    assert result.exit_code == 0, result.output
    row = json.loads(result.stdout.strip().splitlines()[-1])
    values = {t["code"]: t["value"] for t in row["tags"]}
    assert values["pref.yield_expectation"] == 3.0 and isinstance(values["pref.yield_expectation"], float)
    assert values["voice.question"] == "yield"


def test_mine_eval_prints_tables_and_errors(tmp_path: Path) -> None:
    gold = [
        {**conv("g1", ("c", "我现在没时间")), "gold": [["objection.refusal", "no_time"]]},
        {**conv("g2", ("c", "我喜欢跑步")), "gold": [["life.interest", "reading"]]},
        {
            **conv("g3", ("c", "年化能到3个点吗")),
            "gold": [["pref.yield_expectation", 3.004], ["voice.question", "yield"]],
        },
    ]
    path = write_jsonl(tmp_path / "gold.jsonl", [json.dumps(g, ensure_ascii=False) for g in gold])
    result = RUNNER.invoke(app, ["mine", "eval", str(path), "--errors", "5"])
    assert result.exit_code == 0, result.output
    for text in ("objection", "life.interest=running", "life.interest=reading", "micro", "g2"):
        assert text in result.output
    summary = RUNNER.invoke(app, ["mine", "eval", str(path), "--json"])
    assert json.loads(summary.stdout) == {
        "conversations": 3,
        "tp": 3,
        "fp": 1,
        "fn": 1,
        "precision": 0.75,
        "recall": 0.75,
        "f1": 0.75,
        "macro_f1": 0.6,
    }


def test_evaluate_is_pure_and_counts_per_group() -> None:
    miner = Miner(load_rules())
    records = [{**conv("e1", ("s", "这款理财稳赚不赔")), "gold": [["compliance.violation", "guarantee"]]}]
    report = evaluate(records, miner.mine_batch(records))
    assert report.by_group()["compliance"].tp == 1
    # the pitch has no disclosure either: one more compliance tag than the gold has
    assert report.micro.fp == 1 and report.micro.precision == 0.5


def lake_conversations(ids: list[str]) -> pa.Table:
    started = datetime(2026, 3, 1, 2, 0, tzinfo=UTC)
    rows = [
        {
            "conversation_id": cid,
            "channel": "call",
            "customer_id": "C001" if cid != "anon" else None,
            "staff_id": "M01",
            "started_at": started,
            "utterances": [
                {"speaker": "staff", "text": "给您推荐一款理财，保本保息", "ts": None},
                {"speaker": "customer", "text": "我平时喜欢跑步，晚上方便", "ts": None},
            ],
            "source": "canonical",
            "date": date(2026, 3, 1),
        }
        for cid in ids
    ]
    return pa.Table.from_pylist(rows)


def test_mine_run_is_incremental_and_idempotent(sqlite_workspace: Workspace) -> None:
    lake = sqlite_workspace.lake
    lake.append("conversations", lake_conversations(["k1", "k2", "anon"]))
    miner = Miner(load_rules())
    first = mine_lake(lake, miner)
    assert first.conversations == 3
    events = lake.read("tag_events").to_pylist()
    assert {(e["conversation_id"], e["code"], e["value"]) for e in events} >= {
        ("k1", "life.interest", "running"),
        ("k2", "basic.contact_time", "evening"),
    }
    assert all(e["customer_id"] == "C001" and e["source"] == "mined" for e in events)
    k1 = next(e for e in events if e["conversation_id"] == "k1" and e["code"] == "life.interest")
    assert k1["evidence"] == "跑步" and k1["observed_at"] == datetime(2026, 3, 1, 2, 0, tzinfo=UTC)
    hits = lake.read("compliance_hits").to_pylist()
    assert {(h["conversation_id"], h["value"]) for h in hits} >= {("anon", "guarantee"), ("k1", "guarantee")}
    counts = (lake.count("tag_events"), lake.count("compliance_hits"))

    again = mine_lake(lake, miner)
    assert again.conversations == 0 and (lake.count("tag_events"), lake.count("compliance_hits")) == counts

    lake.append("conversations", lake_conversations(["k3"]))
    third = mine_lake(lake, miner)
    assert third.conversations == 1 and third.tag_events > 0
    assert lake.count("mined_conversations") == 4


def test_mine_run_command(sqlite_workspace: Workspace) -> None:
    sqlite_workspace.lake.append("conversations", lake_conversations(["r1"]))
    data_dir = str(sqlite_workspace.settings.data_dir)
    first = RUNNER.invoke(app, ["mine", "run", "--data-dir", data_dir])
    assert first.exit_code == 0, first.output
    assert "新挖掘会话 1 个" in first.output
    second = RUNNER.invoke(app, ["mine", "run", "--data-dir", data_dir])
    assert "新挖掘会话 0 个" in second.output
