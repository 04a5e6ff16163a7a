"""Vectorised customer columns: names, phones, ID-card numbers and dates for a block of customers."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from siyu.demo.rng import weighted_choice
from siyu.demo.vocab import vocab

ID_WEIGHTS = np.array([7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2])
ID_CHECK = np.array(list("10X98765432"))


def id_check_digit(first17: str) -> str:
    """The GB 11643 check character of an ID-card number's first 17 digits."""
    return str(ID_CHECK[sum(int(c) * w for c, w in zip(first17, ID_WEIGHTS, strict=True)) % 11])


def prefixed_ids(prefix: str, numbers: np.ndarray, width: int) -> pa.Array:
    """``prefix`` followed by zero-padded numbers, built in Arrow rather than per row in Python."""
    digits = pc.utf8_lpad(pc.cast(pa.array(numbers, pa.int64()), pa.string()), width, "0")
    return pc.binary_join_element_wise(pa.scalar(prefix), digits, "")


def chinese_names(rng: np.random.Generator, female: np.ndarray) -> pa.Array:
    v = vocab()
    n = len(female)
    surnames = pa.array(list(v["surnames"]))
    male_chars, female_chars = v["given_name_chars"]["male"], v["given_name_chars"]["female"]
    chars = pa.array(male_chars + female_chars + [""])
    sur = weighted_choice(rng, list(v["surnames"].values()), n)

    def pick() -> np.ndarray:
        u = rng.random(n)
        return np.where(
            female, len(male_chars) + (u * len(female_chars)).astype(int), (u * len(male_chars)).astype(int)
        )

    first, second = pick(), pick()
    second = np.where(rng.random(n) < 0.7, second, len(chars) - 1)  # 30% single-character given names
    return pc.binary_join_element_wise(surnames.take(sur), chars.take(first), chars.take(second), "")


def phones(rng: np.random.Generator, n: int) -> pa.Array:
    """11-digit mobile numbers 1[3-9]xxxxxxxxx."""
    numbers = 10**10 + rng.integers(3, 10, n) * 10**9 + rng.integers(0, 10**9, n)
    return pc.cast(pa.array(numbers), pa.string())


def ymd(days: np.ndarray) -> np.ndarray:
    """datetime64[D] -> YYYYMMDD as int64."""
    years = days.astype("datetime64[Y]").astype(np.int64) + 1970
    months = days.astype("datetime64[M]").astype(np.int64) % 12 + 1
    dom = (days - days.astype("datetime64[M]")).astype(np.int64) + 1
    return years * 10000 + months * 100 + dom


def id_cards(
    rng: np.random.Generator, regions: np.ndarray, birth: np.ndarray, female: np.ndarray
) -> pa.Array:
    """18-character resident ID numbers: region, birth date, sequence (odd = male), check digit."""
    n = len(regions)
    seq = rng.integers(0, 499, n) * 2 + np.where(female, 2, 1)
    body = regions.astype(np.int64) * 10**11 + ymd(birth) * 1000 + seq
    powers = 10 ** np.arange(16, -1, -1, dtype=np.int64)
    digits = (body[:, None] // powers) % 10
    check = ID_CHECK[(digits * ID_WEIGHTS).sum(axis=1) % 11]
    return pc.binary_join_element_wise(pc.cast(pa.array(body), pa.string()), pa.array(check), "")
