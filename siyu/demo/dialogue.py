"""Composing one demo conversation from the templates in conversations.yaml, with its intended tags.

The composer is per conversation (text assembly cannot be vectorised) and pure: the same random
state and speakers give the same utterances and truth.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from siyu.demo.vocab import load_yaml

YIELD_CODE = "pref.yield_expectation"
PUNCTUATION = re.compile(r"[，。？！、～,.?!~\s]")


@dataclass(frozen=True)
class Parties:
    channel: str  # call, wecom, im, branch
    remote: bool  # a remote direct team (远程直营) call
    customer: str  # how staff address the customer
    age: int
    staff: str  # the staff member's display name
    staff_id: str
    sub_branch: str
    bank: str
    products: tuple[str, ...]  # wealth, fund and insurance product names to pitch


@dataclass
class Dialogue:
    utterances: list[tuple[str, str]]  # (speaker, text)
    truth: list[tuple[str, str]]  # (code, value), each once


@cache
def templates() -> dict[str, Any]:
    return load_yaml("conversations.yaml")


@cache
def tag_items() -> tuple[tuple[str, str], ...]:
    """Every (code, value) the generator can plant, in file order."""
    t = templates()
    items: list[tuple[str, str]] = []
    for code, spec in t["tags"].items():
        values = t["style"]["yield_words"] if code == YIELD_CODE else spec["values"]
        items += [(code, str(v)) for v in values]
    return tuple(items)


def fits(code: str, value: str, age: int) -> bool:
    """Whether a value may be planted for a customer of this age (no retired 30-year-olds)."""
    if code == YIELD_CODE:
        return True
    lo, hi = templates()["tags"][code]["values"][value].get("ages", (0, 200))
    return lo <= age <= hi


class PrimaryCycle:
    """Gives each conversation one item, cycling through the whole taxonomy so every value is
    planted; an item that does not fit the customer's age waits for the next customer it fits."""

    def __init__(self) -> None:
        self.position = 0
        self.owed: list[tuple[str, str]] = []

    def next_for(self, age: int) -> tuple[str, str]:
        for k, item in enumerate(self.owed):
            if fits(*item, age):
                return self.owed.pop(k)
        items = tag_items()
        while True:
            item = items[self.position % len(items)]
            self.position += 1
            if fits(*item, age):
                return item
            self.owed.append(item)


def choose_items(rnd: random.Random, primary: tuple[str, str], age: int) -> list[tuple[str, str]]:
    """The primary item plus up to three random ones that fit the customer and each other."""
    t = templates()["tags"]
    items = tag_items()
    picked = [primary]
    for _ in range(rnd.choice([0, 1, 1, 2, 2, 3])):
        code, value = rnd.choice(items)
        # implied tags count as planted: a new parent is a parent, so no other life stage
        taken = [pair for item in picked for pair in (item, *implied(*item))]
        same_code = [v for c, v in taken if c == code]
        values = t[code].get("values", {})
        alone = any(values.get(v, {}).get("alone") for v in [*same_code, value])
        if (code, value) in taken or not fits(code, value, age):
            continue
        if same_code and (t[code].get("single") or alone):
            continue
        if any(
            t[c].get("single") and any(c2 == c and v2 != v for c2, v2 in taken)
            for c, v in implied(code, value)
        ):
            continue
        picked.append((code, value))
    return picked


def render_yield(rnd: random.Random, value: str, channel: str) -> str:
    style = templates()["style"]
    pool = style["yield_words"][value]
    if channel != "call" and rnd.random() < 0.6:
        pool = style["yield_digits"][value]
    return rnd.choice(pool)


def item_segment(rnd: random.Random, code: str, value: str, channel: str) -> list[tuple[str, str]]:
    """Staff/customer lines that plant (code, value): a statement, an answer, or a confirmation."""
    t = templates()
    spec = t["tags"][code]
    if code == YIELD_CODE:
        y = render_yield(rnd, value, channel)
        if rnd.random() < 0.4:
            return [
                ("staff", rnd.choice(spec["question"])),
                ("customer", rnd.choice(spec["answers"]).format(y=y)),
            ]
        return [("customer", rnd.choice(spec["say"]).format(y=y))]
    entry = spec["values"][value]
    forms = ["say"] * 2
    if entry.get("answers") and spec.get("question"):
        forms.append("answer")
    if entry.get("confirm"):
        forms.append("confirm")
    form = rnd.choice(forms)
    if form == "answer":
        return [("staff", rnd.choice(spec["question"])), ("customer", rnd.choice(entry["answers"]))]
    if form == "confirm":
        return [("staff", rnd.choice(entry["confirm"])), ("customer", rnd.choice(t["yes_words"]))]
    lines = [("staff", rnd.choice(t["prompts"]))] if rnd.random() < 0.4 else []
    lines.append(("customer", rnd.choice(entry["say"])))
    if rnd.random() < 0.4:
        lines.append(("staff", rnd.choice(t["acknowledgements"])))
    return lines


def implied(code: str, value: str) -> list[tuple[str, str]]:
    if code == YIELD_CODE:
        return []
    return [tuple(pair) for pair in templates()["tags"][code]["values"][value].get("implies", [])]


def compose(rnd: random.Random, primary: tuple[str, str], parties: Parties) -> Dialogue:
    t = templates()
    items = choose_items(rnd, primary, parties.age)
    truth: list[tuple[str, str]] = []
    for code, value in items:
        for pair in [(code, value), *implied(code, value)]:
            if pair not in truth:
                truth.append(pair)

    segments = [item_segment(rnd, code, value, parties.channel) for code, value in items]
    if rnd.random() < 0.35:
        segments.append([("customer", rnd.choice(t["decoys"]))])
    if rnd.random() < 0.2:
        segments.append(
            [("staff", rnd.choice(t["staff_only"])), ("customer", rnd.choice(t["neutral_replies"]))]
        )
    if rnd.random() < 0.15:
        segments.append(denial(rnd, truth))
    if rnd.random() < 0.1:
        segments.append(
            [("staff", rnd.choice(t["deposit_pitches"])), ("customer", rnd.choice(t["pitch_replies"]))]
        )
    for kind in ("off_book", "credential_request"):
        if rnd.random() < 0.04:
            segments.append([("staff", rnd.choice(t["violations"][kind]))])
            truth.append(("compliance.violation", kind))
    if rnd.random() < 0.35 and parties.products:
        pitch = [("staff", rnd.choice(t["pitches"]).format(product=rnd.choice(parties.products)))]
        if rnd.random() < 0.12:
            pitch.append(("staff", rnd.choice(t["violations"]["guarantee"])))
            truth.append(("compliance.violation", "guarantee"))
        if rnd.random() < 0.65:
            pitch.append(("staff", rnd.choice(t["risk_disclosures"])))
        else:
            truth.append(("compliance.violation", "missing_risk_disclosure"))
        pitch.append(("customer", rnd.choice(t["pitch_replies"])))
        segments.append(pitch)
    # Proper-conduct lines that resemble violations; kept out of undisclosed pitches, where a line
    # such as "cannot promise principal" would blur whether risk was disclosed.
    if rnd.random() < 0.1 and ("compliance.violation", "missing_risk_disclosure") not in truth:
        segments.append([("staff", rnd.choice(t["conduct_decoys"]))])
    rnd.shuffle(segments)

    opening_key = "remote_call" if parties.remote and parties.channel == "call" else parties.channel
    fields = {
        "bank": parties.bank,
        "sub_branch": parties.sub_branch,
        "staff": parties.staff,
        "staff_id": parties.staff_id,
        "customer": parties.customer,
    }
    lines = [
        ("staff", rnd.choice(t["openings"][opening_key]).format(**fields)),
        ("customer", rnd.choice(t["greetings"].get(parties.channel, t["greetings"]["default"]))),
    ]
    for seg in segments:
        lines += seg
    lines += [
        ("staff", rnd.choice(t["closings"]["staff"])),
        ("customer", rnd.choice(t["closings"]["customer"])),
    ]
    return Dialogue(stylise(rnd, lines, parties.channel), truth)


def denial(rnd: random.Random, truth: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """A staff yes/no question about a value the customer does not have, answered with a plain no."""
    t = templates()
    options = [
        (code, value, entry["confirm"])
        for code, spec in t["tags"].items()
        if spec.get("deniable")
        for value, entry in spec["values"].items()
        if entry.get("confirm") and (code, value) not in truth
    ]
    _, _, questions = rnd.choice(options)
    return [("staff", rnd.choice(questions)), ("customer", rnd.choice(t["no_words"]))]


def stylise(rnd: random.Random, lines: list[tuple[str, str]], channel: str) -> list[tuple[str, str]]:
    """Channel texture: ASR transcripts lose punctuation and gain fillers and homophone errors;
    企业微信 messages are short, with emoji codes and slang."""
    style = templates()["style"]
    out: list[tuple[str, str]] = []
    for speaker, text in lines:
        if channel == "call":
            text = PUNCTUATION.sub("", text)
            if rnd.random() < 0.3:
                text = rnd.choice(style["fillers"]) + text
            if rnd.random() < 0.1:
                text = _replace_one(rnd, text, style["homophones"])
            out.append((speaker, text))
            continue
        if channel in ("wecom", "im") and rnd.random() < (0.2 if channel == "wecom" else 0.1):
            text = _replace_one(rnd, text, style["slang"])
        if channel == "wecom":
            parts = [p for p in re.split(r"(?<=，)", text) if p] if rnd.random() < 0.3 else [text]
            parts = [p.removesuffix("，") for p in parts]
            if rnd.random() < (0.3 if speaker == "customer" else 0.15):
                parts[-1] += rnd.choice(style["emoji"])
            out += [(speaker, p) for p in parts]
            continue
        if channel == "branch" and rnd.random() < 0.1:
            text = rnd.choice(style["fillers"]) + "，" + text
        out.append((speaker, text))
    return out


def _replace_one(rnd: random.Random, text: str, table: dict[str, str]) -> str:
    found = [k for k in table if k in text]
    if not found:
        return text
    key = rnd.choice(found)
    return text.replace(key, table[key], 1)
