"""The built-in segment library file (library.yaml): AUM bands, labels, families, segments."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from siyu.datafile import load_mapping

LIBRARY_FILE = Path(__file__).with_name("library.yaml")


@dataclass(frozen=True)
class AumBandDef:
    id: str
    name: str
    min: float | None  # included
    max: float | None  # excluded


@cache
def library_doc(path: Path = LIBRARY_FILE) -> dict:
    return load_mapping(path)


@cache
def load_bands() -> dict[str, AumBandDef]:
    bands = {}
    for band_id, raw in library_doc()["aum_bands"].items():
        low, high = raw.get("min"), raw.get("max")
        if low is None and high is None:
            raise ValueError(f"{LIBRARY_FILE}: aum_bands.{band_id}: give min, max or both")
        bands[band_id] = AumBandDef(
            band_id, raw["name"], None if low is None else float(low), None if high is None else float(high)
        )
    return bands


def labels() -> dict:
    return library_doc()["labels"]


def families() -> dict[str, str]:
    return library_doc()["families"]
