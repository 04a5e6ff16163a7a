"""Deterministic random streams: one independent generator per (seed, stream, block)."""

from __future__ import annotations

import numpy as np

# Stable stream numbers: adding a stream must never renumber an existing one.
STREAMS = {"org": 1, "products": 2, "nav": 3, "customers": 4, "conversations": 5, "picks": 6}


def rng_for(seed: int, stream: str, index: int = 0) -> np.random.Generator:
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence([seed, STREAMS[stream], index])))


def weighted_choice(rng: np.random.Generator, weights, size: int) -> np.ndarray:
    """Indices drawn with the given relative weights."""
    p = np.asarray(weights, dtype=float)
    return rng.choice(len(p), size=size, p=p / p.sum())


def rowwise_choice(rng: np.random.Generator, probs: np.ndarray) -> np.ndarray:
    """One index per row of a (rows, k) matrix of relative weights, vectorised."""
    cdf = np.cumsum(probs, axis=1, dtype=float)
    cdf /= cdf[:, -1:]
    u = rng.random(len(probs))[:, None]
    return np.minimum((u > cdf).sum(axis=1), probs.shape[1] - 1)
