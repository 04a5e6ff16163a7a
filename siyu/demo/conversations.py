"""Demo conversations as lake tables, their intended tags, and export to the canonical JSONL format."""

from __future__ import annotations

import datetime as dt
import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa

from siyu.clock import BANK_TZ
from siyu.demo.customers import BankContext
from siyu.demo.dialogue import YIELD_CODE, Parties, PrimaryCycle, compose
from siyu.demo.people import prefixed_ids
from siyu.demo.rng import rng_for
from siyu.demo.vocab import vocab
from siyu.lake.schemas import CONVERSATION_TRUTH, CONVERSATIONS

BATCH = 1_000  # conversations per random stream and per written table
PICK_COLUMNS = ["customer_id", "name", "gender", "birth_date", "owner_id", "sub_branch_id"]
# Seconds between utterances by channel: a call is quick, a 企业微信 chat spreads over minutes.
GAPS = {"call": (2, 15), "wecom": (10, 600), "im": (5, 60), "branch": (5, 40)}


CANDIDATES = 3  # candidate customers drawn per conversation, so owned customers can be favoured
UNOWNED_ACCEPT = 0.25


def pick_customers(seed: int, customers: int, conversations: int) -> np.ndarray:
    """Candidate customer numbers (0-based), drawn once for the whole bank; see ``PickCollector``."""
    return rng_for(seed, "picks").integers(0, customers, conversations * CANDIDATES)


@dataclass
class PickCollector:
    """Keeps, while blocks stream by, the rows of the customers that conversations will involve."""

    targets: np.ndarray

    def __post_init__(self) -> None:
        self.order = np.argsort(self.targets, kind="stable")
        self.sorted = self.targets[self.order]
        self.parts: list[tuple[np.ndarray, pa.Table]] = []

    def collect(self, start: int, customers: pa.Table) -> None:
        lo, hi = np.searchsorted(self.sorted, [start, start + customers.num_rows])
        if hi > lo:
            rows = pa.array(self.sorted[lo:hi] - start)
            self.parts.append((self.order[lo:hi], customers.select(PICK_COLUMNS).take(rows)))

    def table(self, seed: int, conversations: int) -> pa.Table:
        """One row per conversation, in conversation order. Customers with an owner talk to the bank
        more (their manager chats with them), so candidates without one are accepted less often."""
        if not self.parts:
            return pa.table({c: pa.array([], pa.string()) for c in PICK_COLUMNS}).slice(0, 0)
        positions = np.concatenate([p for p, _ in self.parts])
        table = pa.concat_tables([t for _, t in self.parts])
        table = table.take(pa.array(np.argsort(positions, kind="stable")))
        owned = table.column("owner_id").is_valid().to_numpy(zero_copy_only=False)
        accept = owned | (rng_for(seed, "picks", 1).random(len(owned)) < UNOWNED_ACCEPT)
        chosen = np.concatenate([np.flatnonzero(accept), np.flatnonzero(~accept)])[:conversations]
        return table.take(pa.array(np.sort(chosen)))


def honorific(name: str, gender: str, age: int) -> str:
    surnames = vocab()["surnames"]
    surname = name[:2] if name[:2] in surnames else name[0]
    if age >= 60:
        return surname + ("阿姨" if gender == "F" else "叔叔")
    return surname + ("女士" if gender == "F" else "先生")


def conversation_batches(ctx: BankContext, picks: pa.Table) -> Iterator[tuple[pa.Table, pa.Table]]:
    """(conversations, conversation_truth) tables, BATCH conversations at a time."""
    org = ctx.org
    display = {p["staff_id"]: p["display_name"] for p in org.personas}
    unit_names = {u["org_id"]: u["name"] for u in org.units}
    managers_of = {sb.org_id: sb.managers for sb in org.sub_branches}
    cat = ctx.catalogue
    names = cat.table.column("name").to_pylist()
    products = tuple(names[i] for i in np.flatnonzero(np.isin(cat.kind, ["wealth", "fund", "insurance"])))
    bank = vocab()["bank"]["name"]
    midnight = dt.datetime.combine(ctx.today, dt.time(), BANK_TZ)
    rows = picks.to_pylist()
    cycle = PrimaryCycle()

    for batch_start in range(0, len(rows), BATCH):
        batch = rows[batch_start : batch_start + BATCH]
        seeds = rng_for(ctx.seed, "conversations", batch_start // BATCH).integers(0, 2**63, len(batch))
        conv_ids = prefixed_ids("CV", np.arange(batch_start, batch_start + len(batch)) + 1, 8).to_pylist()
        records, truth = [], []
        for conv_id, row, s in zip(conv_ids, batch, seeds, strict=True):
            rnd = random.Random(int(s))
            born = row["birth_date"]
            age = ctx.today.year - born.year - ((ctx.today.month, ctx.today.day) < (born.month, born.day))
            owner = row["owner_id"]
            remote = False
            if owner and rnd.random() < 0.85:
                staff_id = owner
                channel = rnd.choices(["wecom", "call", "im", "branch"], [0.5, 0.25, 0.05, 0.2])[0]
            elif rnd.random() < 0.6:
                staff_id, remote = rnd.choice(org.remote_team), True
                channel = rnd.choices(["call", "im"], [0.8, 0.2])[0]
            else:
                staff_id, channel = rnd.choice(managers_of[row["sub_branch_id"]]), "branch"
            parties = Parties(
                channel=channel,
                remote=remote,
                customer=honorific(row["name"], row["gender"], age),
                age=age,
                staff=display.get(staff_id, staff_id),
                staff_id=staff_id,
                sub_branch=unit_names[row["sub_branch_id"]],
                bank=bank,
                products=products,
            )
            dialogue = compose(rnd, cycle.next_for(age), parties)
            started = (
                midnight
                - dt.timedelta(days=rnd.randint(1, 90))
                + dt.timedelta(seconds=rnd.randint(8 * 3600, 21 * 3600))
            )
            ts = started
            utterances = []
            for speaker, text in dialogue.utterances:
                utterances.append({"speaker": speaker, "text": text, "ts": ts})
                ts += dt.timedelta(seconds=rnd.randint(*GAPS[channel]))
            records.append(
                {
                    "conversation_id": conv_id,
                    "channel": channel,
                    "customer_id": row["customer_id"],
                    "staff_id": staff_id,
                    "started_at": started,
                    "utterances": utterances,
                    "source": "demo",
                    "date": started.date(),
                }
            )
            truth += [{"conversation_id": conv_id, "code": c, "value": v} for c, v in dialogue.truth]
        yield (
            pa.Table.from_pylist(records, schema=CONVERSATIONS),
            pa.Table.from_pylist(truth, schema=CONVERSATION_TRUTH),
        )


def write_canonical_jsonl(conversations: pa.Table, path: str | Path, truth: pa.Table | None = None) -> int:
    """Write conversations in the canonical input format of TAXONOMY.md, one JSON object a line.

    Given ``truth``, each line also carries ``"gold": [[code, value], ...]`` (the labelled-corpus
    format ``siyu mine eval`` reads; the miner ignores the key), with pref.yield_expectation as a number.
    """
    gold: dict[str, list[list]] = {}
    if truth is not None:
        for row in truth.to_pylist():
            value = float(row["value"]) if row["code"] == YIELD_CODE else row["value"]
            gold.setdefault(row["conversation_id"], []).append([row["code"], value])
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with path.open("w", encoding="utf-8") as out:
        for batch in conversations.to_batches(max_chunksize=BATCH):
            for row in batch.to_pylist():
                record = canonical(row)
                if truth is not None:
                    record["gold"] = gold.get(row["conversation_id"], [])
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
                count += 1
    return count


def canonical(row: dict) -> dict:
    def local(ts: dt.datetime | None) -> str | None:
        return ts.astimezone(BANK_TZ).isoformat() if ts else None

    record = {
        "id": row["conversation_id"],
        "channel": row["channel"],
        "customer_id": row["customer_id"],
        "staff_id": row["staff_id"],
        "started_at": local(row["started_at"]),
        "utterances": [],
    }
    for u in row["utterances"] or []:
        record["utterances"].append({"speaker": u["speaker"], "text": u["text"], "ts": local(u["ts"])})
    return {k: v for k, v in record.items() if v is not None}
