"""Affinity of customers to managers: customer features x manager specialties (rules in affinity.yaml)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from siyu.datafile import load_mapping

RULES_FILE = Path(__file__).with_name("affinity.yaml")


@dataclass(frozen=True)
class Rules:
    specialties: tuple[str, ...]  # specialty ids, column order of the matrices
    labels: dict[str, str]  # specialty id -> Chinese label
    features: tuple[str, ...]  # feature strings, row order of ``weights``
    weights: np.ndarray  # (F, S) matching weight
    reasons: dict[tuple[str, str], str]  # (feature, specialty) -> reason text
    age_bands: dict[str, tuple[int, int]]  # band -> [min, max] age, inclusive


class RulesError(ValueError):
    pass


@cache
def load_rules(path: Path = RULES_FILE) -> Rules:
    """Parse affinity.yaml; errors name the file and the entry."""
    raw = load_mapping(Path(path), RulesError)
    specs = raw.get("specialties") or {}
    if not isinstance(specs, dict) or not specs:
        raise RulesError(f"{path}: 'specialties' must be a non-empty mapping")
    bands = {}
    for band, lim in (raw.get("age_bands") or {}).items():
        if not isinstance(lim, dict) or not ({"min", "max"} & set(lim)):
            raise RulesError(f"{path}: age_bands.{band} needs min and/or max (years)")
        bands[str(band)] = (int(lim.get("min", 0)), int(lim.get("max", 200)))
    features: dict[str, int] = {}
    entries = []
    reasons = {}
    for s_idx, (sid, spec) in enumerate(specs.items()):
        for i, m in enumerate((spec or {}).get("match") or []):
            where = f"{path}: specialties.{sid}.match[{i}]"
            if not isinstance(m, dict) or "feature" not in m or "weight" not in m:
                raise RulesError(f"{where}: expected {{feature, weight, reason}}, got {m!r}")
            feat = str(m["feature"])
            if "=" not in feat:
                raise RulesError(
                    f"{where}: feature {feat!r} must look like code=value, age=band or segment=id"
                )
            if feat.startswith("age=") and feat[4:] not in bands:
                raise RulesError(f"{where}: age band {feat[4:]!r} is not defined under age_bands")
            try:
                weight = float(m["weight"])
            except (TypeError, ValueError) as exc:
                raise RulesError(f"{where}: weight must be a number, got {m['weight']!r}") from exc
            f_idx = features.setdefault(feat, len(features))
            entries.append((f_idx, s_idx, weight))
            reasons[(feat, sid)] = str(m.get("reason") or feat)
    weights = np.zeros((len(features), len(specs)))
    for f_idx, s_idx, w in entries:
        weights[f_idx, s_idx] += w
    return Rules(
        specialties=tuple(specs),
        labels={sid: str((spec or {}).get("label") or sid) for sid, spec in specs.items()},
        features=tuple(features),
        weights=weights,
        reasons=reasons,
        age_bands=bands,
    )


def feature_pairs(
    rules: Rules,
    customer_ids: pa.Array,
    profiles: pa.Table,
    birth_date: pa.Array,
    as_of: date,
    memberships: pa.Table | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """(customer row, feature index) for every rule feature a customer has; vectorised with Arrow.

    ``profiles`` has customer_id, code, value; ``memberships`` has customer_id, segment_id.
    """
    feat_dict = pa.array(rules.features)
    rows, feats = [], []

    def emit(cust: pa.Array, feature: pa.Array) -> None:
        f = pc.index_in(feature, value_set=feat_dict)
        r = pc.index_in(cust, value_set=customer_ids)
        ok = pc.and_(pc.is_valid(f), pc.is_valid(r))
        rows.append(r.filter(ok).to_numpy(zero_copy_only=False))
        feats.append(f.filter(ok).to_numpy(zero_copy_only=False))

    if profiles.num_rows:
        emit(profiles["customer_id"], pc.binary_join_element_wise(profiles["code"], profiles["value"], "="))
    if memberships is not None and memberships.num_rows:
        seg = pc.binary_join_element_wise(pa.scalar("segment"), memberships["segment_id"], "=")
        emit(memberships["customer_id"], seg)
    if rules.age_bands and len(customer_ids):
        age = ages(birth_date, as_of)
        for band, (lo, hi) in rules.age_bands.items():
            hit = np.flatnonzero((age >= lo) & (age <= hi))
            key = f"age={band}"
            if key in rules.features and len(hit):
                rows.append(hit)
                feats.append(np.full(len(hit), rules.features.index(key)))
    if not rows:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    return np.concatenate(rows).astype(np.int64), np.concatenate(feats).astype(np.int64)


def ages(birth_date: pa.Array, as_of: date) -> np.ndarray:
    """Age in whole years at ``as_of``; -1 where unknown."""
    bd = pc.fill_null(pc.cast(birth_date, pa.date32()).cast(pa.int32()), -(10**6)).to_numpy(
        zero_copy_only=False
    )
    days = (as_of - date(1970, 1, 1)).days - bd
    return np.where(bd > -(10**6), days // 365.25, -1).astype(np.int64)


def strengths(rules: Rules, n: int, rows: np.ndarray, feats: np.ndarray) -> np.ndarray:
    """(n, S) strength of each specialty for each customer: sum of matching weights, capped at 1."""
    if len(rows):
        # a customer holding the same feature twice (e.g. two tag sources) counts it once
        key = np.unique(rows * len(rules.features) + feats)
        rows, feats = key // len(rules.features), key % len(rules.features)
    out = np.zeros((n, len(rules.specialties)))
    for s in range(len(rules.specialties)):  # a loop over specialties, not customers
        out[:, s] = np.bincount(rows, weights=rules.weights[feats, s], minlength=n)
    return np.minimum(out, 1.0)


def specialty_matrix(rules: Rules, declared: list[list[str]]) -> np.ndarray:
    """(m, S) 1 where a manager declared the specialty; unknown ids are ignored."""
    index = {s: i for i, s in enumerate(rules.specialties)}
    out = np.zeros((len(declared), len(rules.specialties)))
    for j, specs in enumerate(declared):
        for s in specs or []:
            if s in index:
                out[j, index[s]] = 1.0
    return out


def feature_label(rules: Rules, feature: str) -> str:
    """Chinese text for a feature: the reason of its strongest rule (life.stage=retired -> 已退休)."""
    f = rules.features.index(feature)
    s = int(np.argmax(rules.weights[f]))
    return rules.reasons[(feature, rules.specialties[s])]


def reasons(
    rules: Rules, features: list[str], specialties: list[str], top: int = 3
) -> list[tuple[str, float]]:
    """Top reasons (Chinese text, weight) why a customer with ``features`` matches these specialties."""
    found: dict[str, float] = {}
    for sid in specialties:
        if sid not in rules.specialties:
            continue
        s = rules.specialties.index(sid)
        for feat in features:
            if feat in rules.features:
                w = float(rules.weights[rules.features.index(feat), s])
                if w > 0:
                    text = rules.reasons[(feat, sid)]
                    found[text] = max(found.get(text, 0.0), w)
    return sorted(found.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
