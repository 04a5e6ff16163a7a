"""JSONL conversations in, JSONL mining results out: validated line by line, mined in parallel.

Lines are cut into chunks; each worker process builds the automaton once and mines whole chunks;
results come back in input order, one output line per input line. A malformed line yields an
output line with ``"error"`` and a message on stderr naming the file and line; the rest go on.
"""

from __future__ import annotations

import json
import multiprocessing as mp
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import IO, Any

from siyu.mine.engine import Miner
from siyu.mine.rules import load_rules

SPEAKERS = ("staff", "customer")
CHUNK = 2000


class BadConversation(ValueError):
    """A conversation that does not follow the input format; the message names the field."""


def validate(obj: Any) -> dict[str, Any]:
    """The conversation if it follows the input format of TAXONOMY.md, else BadConversation."""
    if not isinstance(obj, dict):
        raise BadConversation(f"expected a JSON object, got {type(obj).__name__}")
    cid = obj.get("id")
    if not isinstance(cid, str) or not cid:
        raise BadConversation("field id: expected a non-empty string")
    utterances = obj.get("utterances")
    if not isinstance(utterances, list):
        raise BadConversation("field utterances: expected a list of {speaker, text}")
    for i, u in enumerate(utterances):
        if not isinstance(u, dict):
            raise BadConversation(f"field utterances[{i}]: expected an object with speaker and text")
        if u.get("speaker") not in SPEAKERS:
            raise BadConversation(
                f"field utterances[{i}].speaker: expected staff or customer, got {u.get('speaker')!r}"
            )
        if not isinstance(u.get("text"), str):
            raise BadConversation(f"field utterances[{i}].text: expected a string")
    return obj


@dataclass(frozen=True)
class LineResult:
    output: str  # one JSON line, without the newline
    error: str | None  # message for stderr, None when the line was mined


_MINER: Miner | None = None


def _init(rule_paths: Sequence[str] | None) -> None:
    global _MINER
    _MINER = Miner(load_rules(rule_paths))


def _mine_chunk(chunk: list[str]) -> list[LineResult]:
    assert _MINER is not None
    miner, out = _MINER, []
    for line in chunk:
        cid = None
        try:
            obj = json.loads(line)
            cid = obj.get("id") if isinstance(obj, dict) else None
            conv = validate(obj)
        except (json.JSONDecodeError, BadConversation) as exc:
            msg = (
                f"not valid JSON ({exc.msg} at column {exc.colno})"
                if isinstance(exc, json.JSONDecodeError)
                else str(exc)
            )
            out.append(
                LineResult(
                    json.dumps(
                        {"conversation_id": cid if isinstance(cid, str) else None, "error": msg},
                        ensure_ascii=False,
                    ),
                    msg,
                )
            )
            continue
        tags = [t.to_dict() for t in miner.mine(conv)]
        out.append(
            LineResult(json.dumps({"conversation_id": conv["id"], "tags": tags}, ensure_ascii=False), None)
        )
    return out


def _chunks(lines: IO[str], size: int) -> Iterator[list[str]]:
    while chunk := list(islice(lines, size)):
        yield chunk


@dataclass
class StreamStats:
    lines: int = 0
    errors: int = 0


def mine_stream(
    src: IO[str],
    dst: IO[bytes],
    name: str,
    *,
    workers: int = 2,
    rule_paths: Sequence[str] | None = None,
    err: IO[str] | None = None,
    chunk: int = CHUNK,
) -> StreamStats:
    """Mine every line of ``src`` into ``dst`` (UTF-8 bytes), in order; errors also go to ``err``."""
    err = err or sys.stderr
    stats = StreamStats()
    if workers > 1:
        ctx = mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")
        pool = ctx.Pool(workers, initializer=_init, initargs=(rule_paths,))
        results: Iterator[list[LineResult]] = pool.imap(_mine_chunk, _chunks(src, chunk), chunksize=1)
    else:
        _init(rule_paths)
        pool = None
        results = map(_mine_chunk, _chunks(src, chunk))
    try:
        for batch in results:
            for r in batch:
                stats.lines += 1
                if r.error is not None:
                    stats.errors += 1
                    err.write(f"{name}:{stats.lines}: {r.error}\n")
            _write(dst, batch)
    finally:
        if pool is not None:
            pool.close()
            pool.join()
    return stats


def _write(dst: IO[bytes], batch: list[LineResult]) -> None:
    text = "".join(r.output + "\n" for r in batch)
    try:
        dst.write(text.encode("utf-8"))
    except UnicodeEncodeError:  # lone surrogates from \ud800 escapes: write those lines ASCII-escaped
        for r in batch:
            try:
                dst.write((r.output + "\n").encode("utf-8"))
            except UnicodeEncodeError:
                dst.write((json.dumps(json.loads(r.output)) + "\n").encode("ascii"))


def mine_file(path: str | Path, out: str | Path | None = None, **kwargs: Any) -> StreamStats:
    """Mine a JSONL file to ``out`` (a file path) or to stdout."""
    path = Path(path)
    with path.open(encoding="utf-8", errors="surrogateescape") as src:
        if out is None:
            stats = mine_stream(src, sys.stdout.buffer, str(path), **kwargs)
            sys.stdout.buffer.flush()
            return stats
        with Path(out).open("wb") as dst:
            return mine_stream(src, dst, str(path), **kwargs)
