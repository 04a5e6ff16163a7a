"""JSONL conversations in, JSONL mining results out: validated line by line, mined in parallel.

The input is cut into blocks of whole lines; each worker process has the automaton built once
and mines whole blocks; results come back in input order, one output line per input line. A
malformed line yields an output line with ``"error"`` and a message on stderr naming the file and
line; the rest go on.
"""

from __future__ import annotations

import json
import multiprocessing as mp
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from siyu.mine.engine import Miner
from siyu.mine.rules import load_rules

SPEAKERS = ("staff", "customer")
BLOCK = 1 << 20  # bytes of input per task: large enough that passing it between processes is cheap


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


_MINER: Miner | None = None
_PATHS: tuple[str, ...] | None = None


def prepare(rule_paths: Sequence[str] | None = None) -> Miner:
    """Build the miner once per process (forked workers inherit the parent's); RulesError if broken."""
    global _MINER, _PATHS
    paths = tuple(rule_paths) if rule_paths is not None else None
    if _MINER is None or paths != _PATHS:
        _MINER, _PATHS = Miner(load_rules(rule_paths)), paths
    return _MINER


def _init(rule_paths: Sequence[str] | None) -> None:
    prepare(rule_paths)


def _line_result(miner: Miner, line: str) -> tuple[str, str | None]:
    """One output line (no newline) and the error message when the input line is bad."""
    cid = None
    try:
        obj = json.loads(line)
        cid = obj.get("id") if isinstance(obj, dict) else None
        conv = validate(obj)
    except (json.JSONDecodeError, BadConversation) as exc:
        if isinstance(exc, json.JSONDecodeError):
            msg = f"not valid JSON ({exc.msg} at column {exc.colno})"
        else:
            msg = str(exc)
        cid = cid if isinstance(cid, str) else None
        return json.dumps({"conversation_id": cid, "error": msg}, ensure_ascii=False), msg
    tags = [t.to_dict() for t in miner.mine(conv)]
    return json.dumps({"conversation_id": conv["id"], "tags": tags}, ensure_ascii=False), None


def _mine_block(block: bytes) -> tuple[bytes, int, list[tuple[int, str]]]:
    """Mine a block of whole input lines: the encoded output, the line count, and (index, error)."""
    assert _MINER is not None
    lines = block.decode("utf-8", errors="surrogateescape").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    outputs, errors = [], []
    for i, line in enumerate(lines):
        output, error = _line_result(_MINER, line.removesuffix("\r"))
        outputs.append(output)
        if error is not None:
            errors.append((i, error))
    return _encode(outputs), len(lines), errors


def _encode(outputs: list[str]) -> bytes:
    text = "".join(o + "\n" for o in outputs)
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates (\ud800 escapes, invalid bytes): those lines ASCII-escaped
        parts = []
        for o in outputs:
            try:
                parts.append((o + "\n").encode("utf-8"))
            except UnicodeEncodeError:
                parts.append((json.dumps(json.loads(o)) + "\n").encode("ascii", errors="backslashreplace"))
        return b"".join(parts)


def _blocks(src: IO[bytes], size: int) -> Iterator[bytes]:
    """Blocks of about ``size`` bytes that end at a line break (the reader does no parsing)."""
    rest = b""
    while chunk := src.read(size):
        chunk = rest + chunk
        cut = chunk.rfind(b"\n") + 1
        if cut == 0:
            rest = chunk
            continue
        rest = chunk[cut:]
        yield chunk[:cut]
    if rest:
        yield rest


@dataclass
class StreamStats:
    lines: int = 0
    errors: int = 0


def mine_stream(
    src: IO[bytes],
    dst: IO[bytes],
    name: str,
    *,
    workers: int = 2,
    rule_paths: Sequence[str] | None = None,
    err: IO[str] | None = None,
    block: int = BLOCK,
) -> StreamStats:
    """Mine every line of ``src`` into ``dst`` (both bytes, UTF-8), in order; errors also go to ``err``."""
    err = err or sys.stderr
    stats = StreamStats()
    _init(rule_paths)  # in the parent: forked workers start with the automaton already built
    pool = None
    if workers > 1:
        ctx = mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")
        pool = ctx.Pool(workers, initializer=_init, initargs=(rule_paths,))
        results: Iterator[tuple[bytes, int, list[tuple[int, str]]]] = pool.imap(
            _mine_block, _blocks(src, block), chunksize=1
        )
    else:
        results = map(_mine_block, _blocks(src, block))
    try:
        for data, count, errors in results:
            for i, message in errors:
                err.write(f"{name}:{stats.lines + i + 1}: {message}\n")
            stats.lines += count
            stats.errors += len(errors)
            dst.write(data)
    finally:
        if pool is not None:
            pool.close()
            pool.join()
    return stats


def mine_file(path: str | Path, out: str | Path | None = None, **kwargs: Any) -> StreamStats:
    """Mine a JSONL file to ``out`` (a file path) or to stdout."""
    path = Path(path)
    with path.open("rb") as src:
        if out is None:
            stats = mine_stream(src, sys.stdout.buffer, str(path), **kwargs)
            sys.stdout.buffer.flush()
            return stats
        with Path(out).open("wb") as dst:
            return mine_stream(src, dst, str(path), **kwargs)
