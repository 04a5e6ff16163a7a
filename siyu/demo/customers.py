"""Customers, their holdings and their touch history, one block of customers at a time.

Every block has its own random stream derived from (seed, block index), so the result does not
depend on how blocks are grouped into chunks for writing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from siyu.clock import BANK_TZ
from siyu.demo.org import OrgPlan
from siyu.demo.people import chinese_names, id_cards, phones, prefixed_ids
from siyu.demo.products import Catalogue
from siyu.demo.rng import rng_for, rowwise_choice, weighted_choice
from siyu.demo.vocab import vocab
from siyu.lake.schemas import CUSTOMERS, HOLDINGS, TOUCHES

BLOCK = 10_000
ID_WIDTH = 9
OWNED_SHARE_ESTIMATE = 0.17  # used to size a manager's book when deciding effective coverage
TOUCH_CHANNELS = np.array(["chat", "group", "moments", "phone", "event", "branch"])


@dataclass
class BankContext:
    seed: int
    today: dt.date
    customers: int
    org: OrgPlan
    catalogue: Catalogue

    def __post_init__(self) -> None:
        v = vocab()
        sbs = self.org.sub_branches
        self.sub_ids = np.array([s.org_id for s in sbs])
        self.branch_ids = np.array([s.branch_id for s in sbs])
        self.cities = np.array([s.city for s in sbs])
        self.sub_weights = 1.0 + 0.4 * (np.arange(len(sbs)) % 3)  # unequal sub-branch sizes
        self.managers = np.array([s.managers for s in sbs])  # (sub-branches, managers each)
        self.remote = np.array(self.org.remote_team)
        width = max(len(s.id_regions) for s in sbs)
        self.regions = np.array([(s.id_regions * width)[:width] for s in sbs], dtype=np.int64)
        self.occupations = np.array(list(v["occupations"]))
        self.occ_weights = np.array([o["weight"] for o in v["occupations"].values()], dtype=float)
        self.sources = np.array(list(v["acquisition_sources"]))
        self.source_weights = np.array([s["weights"] for s in v["acquisition_sources"].values()]).T
        self.ratings = np.array(list(v["risk_ratings"]))
        self.rating_weights = np.array(list(v["risk_ratings"].values()), dtype=float).T
        self.age_bands = np.array(v["age_bands"], dtype=float)
        capacity = np.mean([s["capacity"] for s in self.org.staff if s["kind"] == "manager"])
        book = max(1.0, self.customers * OWNED_SHARE_ESTIMATE / max(1, len(self.org.managers)))
        self.p_effective_owned = min(0.92, capacity / book)
        self.today64 = np.datetime64(self.today, "D")
        local_midnight = dt.datetime.combine(self.today, dt.time(), BANK_TZ)
        self.midnight_us = int(local_midnight.timestamp() * 1_000_000)


@dataclass
class Block:
    customers: pa.Table
    holdings: pa.Table
    touches: pa.Table


def age_band_index(age: np.ndarray) -> np.ndarray:
    """0: <30, 1: 30-44, 2: 45-59, 3: 60+ (the columns of the weight tables in vocab.yaml)."""
    return np.searchsorted(np.array([30, 45, 60]), age, side="right")


def generate_block(ctx: BankContext, block: int) -> Block:
    start = block * BLOCK
    n = min(BLOCK, ctx.customers - start)
    rng = rng_for(ctx.seed, "customers", block)
    numbers = np.arange(start, start + n) + 1
    customer_ids = prefixed_ids("C", numbers, ID_WIDTH)

    band = weighted_choice(rng, ctx.age_bands[:, 2], n)
    age = rng.integers(ctx.age_bands[band, 0], ctx.age_bands[band, 1] + 1)
    birth = ctx.today64 - (age * 365.25 + rng.integers(0, 365, n)).astype("timedelta64[D]")
    female = rng.random(n) < 0.52
    sub = weighted_choice(rng, ctx.sub_weights, n)
    abands = age_band_index(age)

    occupation = weighted_choice(rng, ctx.occ_weights, n)
    occupation = np.where(
        (age >= 60) & (rng.random(n) < 0.85), _index(ctx.occupations, "retired"), occupation
    )
    occupation = np.where((age < 23) & (rng.random(n) < 0.6), _index(ctx.occupations, "student"), occupation)
    source = rowwise_choice(rng, ctx.source_weights[abands])
    rating = rowwise_choice(rng, ctx.rating_weights[abands])

    # Heavy-tailed AUM: lognormal with age and occupation effects; a few dormant accounts hold nothing.
    occ = ctx.occupations[occupation]
    mu = (
        9.93
        + 0.012 * (age - 45)
        + np.select(
            [occ == "business_owner", occ == "civil_servant", occ == "student"], [1.0, 0.3, -1.2], 0.0
        )
    )
    aum = np.round(np.exp(rng.normal(mu, 1.7)), 2)
    aum[rng.random(n) < 0.04] = 0.0

    p_owned = np.select([aum >= 500_000, aum >= 50_000], [0.9, 0.35], 0.07)
    owned = rng.random(n) < p_owned
    owner = ctx.managers[sub, rng.integers(0, ctx.managers.shape[1], n)]

    years_open = np.minimum(age - 18, 25) * 365
    opened = ctx.today64 - (30 + (rng.random(n) * years_open)).astype("timedelta64[D]")
    active = rng.random(n) < np.clip(0.9 - 0.012 * (age - 25), 0.15, 0.9)
    active_days = np.where(active, rng.binomial(30, rng.beta(2, 4, n)), 0)
    last_login = np.where(
        active_days > 0,
        ctx.today64 - rng.integers(0, 5, n).astype("timedelta64[D]"),
        ctx.today64 - rng.integers(31, 720, n).astype("timedelta64[D]"),
    )
    opted_out = rng.random(n) < 0.03
    consent = ~opted_out & (rng.random(n) < 0.83)
    opted_at_us = ctx.midnight_us - rng.integers(1, 365 * 86400, n) * 1_000_000
    wecom = rng.random(n) < np.where(owned, 0.75, 0.1)
    region = ctx.regions[sub, rng.integers(0, ctx.regions.shape[1], n)]
    updated = np.full(n, ctx.midnight_us)

    customers = pa.table(
        {
            "customer_id": customer_ids,
            "name": chinese_names(rng, female),
            "gender": np.where(female, "F", "M"),
            "birth_date": pa.array(birth, pa.date32()),
            "phone": phones(rng, n),
            "id_card": id_cards(rng, region, birth, female),
            "occupation": occ,
            "city": ctx.cities[sub],
            "branch_id": ctx.branch_ids[sub],
            "sub_branch_id": ctx.sub_ids[sub],
            "acquisition_source": ctx.sources[source],
            "opened_at": pa.array(opened, pa.date32()),
            "aum": aum,
            "risk_rating": ctx.ratings[rating],
            "app_active_days_30d": pa.array(active_days, pa.int32()),
            "last_app_login": pa.array(
                last_login, pa.date32(), mask=~active & (age > 70) & (active_days == 0)
            ),
            "marketing_consent": consent,
            "opted_out_at": pa.array(opted_at_us, pa.timestamp("us", tz="UTC"), mask=~opted_out),
            "wecom_friend": wecom,
            "owner_id": pa.array(owner, pa.string(), mask=~owned),
            "updated_at": pa.array(updated, pa.timestamp("us", tz="UTC")),
        },
        schema=CUSTOMERS,
    )
    holdings = _holdings(ctx, rng, numbers, customer_ids, aum, rating + 1, opened)
    touches = _touches(ctx, rng, numbers, customer_ids, owned, owner, sub)
    return Block(customers, holdings, touches)


def _index(values: np.ndarray, name: str) -> int:
    return int(np.flatnonzero(values == name)[0])


def _expand(count: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per-customer counts as child records: each one's customer row and its position among that
    customer's children ([2, 0, 1] -> rows [0, 0, 2], positions [0, 1, 0])."""
    row = np.repeat(np.arange(len(count)), count)
    offsets = np.cumsum(count) - count
    return row, np.arange(len(row)) - np.repeat(offsets, count)


def _child_ids(prefix: str, numbers: np.ndarray, position: np.ndarray) -> pa.Array:
    """H000000012-3: the owner's number, then the record's position among the owner's records."""
    return pc.binary_join_element_wise(
        prefixed_ids(prefix, numbers, ID_WIDTH), pc.cast(pa.array(position), pa.string()), "-"
    )


def _holdings(
    ctx: BankContext,
    rng: np.random.Generator,
    numbers: np.ndarray,
    customer_ids: pa.Array,
    aum: np.ndarray,
    rating: np.ndarray,
    opened: np.ndarray,
) -> pa.Table:
    """0-6 holdings per customer whose amounts add up to the customer's AUM."""
    cat = ctx.catalogue
    lam = np.clip(0.3 + 0.6 * np.log10(np.maximum(aum, 1) / 10_000), 0.0, None)
    count = np.where(aum > 0, 1 + np.minimum(rng.poisson(lam), 5), 0)
    owner_row, position = _expand(count)
    total = len(owner_row)
    offsets = np.cumsum(count) - count

    # The first holding is the demand deposit; the others by product type, then a product of that type.
    kinds = np.array(["deposit", "wealth", "fund", "insurance", "gold"])
    rich = aum[owner_row] >= 50_000
    type_weights = np.where(rich[:, None], [0.25, 0.30, 0.30, 0.10, 0.05], [0.35, 0.30, 0.25, 0.05, 0.05])
    kind = rowwise_choice(rng, type_weights)
    product = np.empty(total, dtype=np.int64)
    for k, name in enumerate(kinds):
        pool = cat.indices(name)
        pool = pool[cat.term_days[pool] > 0] if name == "deposit" else pool  # term deposits only
        sel = kind == k
        product[sel] = pool[rng.integers(0, len(pool), sel.sum())]
    product[position == 0] = 0  # D001, demand deposit
    # Suitability: a product riskier than the customer's rating is swapped for an R1 product.
    safe = np.flatnonzero((cat.risk == 1) & (cat.kind != "deposit"))
    unsuitable = cat.risk[product] > rating[owner_row]
    product[unsuitable] = safe[rng.integers(0, len(safe), unsuitable.sum())]

    weights = rng.exponential(1.0, total)
    share = weights / np.repeat(np.add.reduceat(weights, offsets[count > 0]), count[count > 0])
    amount = np.round(aum[owner_row] * share, 2)

    term = cat.term_days[product]
    periodic = cat.open_period[product] > 0
    has_term = (term > 0) & ~periodic
    held_days = np.where(has_term, rng.integers(0, np.maximum(term, 1)), rng.integers(1, 720, total))
    opened_at = ctx.today64 - held_days.astype("timedelta64[D]")
    opened_at = np.where(position == 0, opened[owner_row], opened_at)
    maturity = opened_at + term.astype("timedelta64[D]")

    # Cost: funds from their NAV path (some in loss), others from the accrued expected yield.
    is_fund = cat.kind[product] == "fund"
    day = rng.integers(0, len(cat.nav_dates), total)
    fund_growth = cat.nav[product, -1] / cat.nav[product, day]
    opened_at = np.where(is_fund, cat.nav_dates[day], opened_at)
    held_years = (ctx.today64 - opened_at).astype(np.int64) / 365.0
    accrued = 1 + cat.expected_yield[product] / 100 * held_years
    gold = cat.kind[product] == "gold"
    growth = np.select([is_fund, gold], [fund_growth, 1 + rng.normal(0.05, 0.08, total)], accrued)
    cost = np.round(amount / growth, 2)

    return pa.table(
        {
            "holding_id": _child_ids("H", numbers[owner_row], position),
            "customer_id": customer_ids.take(pa.array(owner_row)),
            "product_id": cat.table.column("product_id").take(pa.array(product)),
            "product_type": cat.kind[product],
            "amount": amount,
            "cost": cost,
            "opened_at": pa.array(opened_at, pa.date32()),
            "maturity_date": pa.array(maturity, pa.date32(), mask=~has_term),
            "as_of": pa.array(np.full(total, ctx.today64), pa.date32()),
        },
        schema=HOLDINGS,
    )


def _touches(
    ctx: BankContext,
    rng: np.random.Generator,
    numbers: np.ndarray,
    customer_ids: pa.Array,
    owned: np.ndarray,
    owner: np.ndarray,
    sub: np.ndarray,
) -> pa.Table:
    """180 days of contacts. Owned customers are touched often; most others get no two-way touch
    in the last quarter, matching the 80%+ effectively unmanaged share of the seeds."""
    n = len(owned)
    effective_recent = rng.random(n) < np.where(owned, ctx.p_effective_owned, 0.04)
    count = np.where(owned, 1 + rng.poisson(4.0, n), rng.poisson(0.25, n)) + effective_recent
    row, position = _expand(count)
    total = len(row)
    forced = effective_recent[row] & (position == count[row] - 1)  # the guaranteed two-way touch

    channel_weights = np.where(
        owned[row, None], [0.35, 0.10, 0.20, 0.20, 0.05, 0.10], [0.10, 0.10, 0.0, 0.50, 0.0, 0.30]
    )
    channel = rowwise_choice(rng, channel_weights)
    channel = np.where(forced, np.where(rng.random(total) < 0.5, 0, 3), channel)
    age_days = np.where(forced, rng.uniform(0, 90, total), rng.uniform(0, 180, total))
    # Quiet customers: nothing two-way in the last 90 days, so recent touches are unanswered calls/chats.
    quiet = ~effective_recent[row] & (age_days < 90)
    channel = np.where(quiet & np.isin(channel, [4, 5]), 3, channel)
    answered = rng.random(total) < np.select([channel == 0, channel == 3], [0.55, 0.6], 0.0)
    two_way = np.isin(channel, [4, 5]) | answered | forced
    two_way &= ~quiet
    inbound = two_way & (channel == 0) & (rng.random(total) < 0.2)
    direction = np.where(inbound, "inbound", np.where(two_way, "two_way", "outbound"))

    staff = np.where(
        owned[row], owner[row], ctx.managers[sub[row], rng.integers(0, ctx.managers.shape[1], total)]
    )
    remote_call = ~owned[row] & (channel == 3)
    staff = np.where(remote_call, ctx.remote[rng.integers(0, len(ctx.remote), total)], staff)

    seconds = (age_days * 86400).astype(np.int64)
    seconds = seconds - seconds % 86400 + 9 * 3600 + rng.integers(0, 11 * 3600, total)  # 09:00-20:00
    touched_us = ctx.midnight_us - (seconds // 86400 + 1) * 86400 * 1_000_000 + (seconds % 86400) * 1_000_000
    local_date = ctx.today64 - (seconds // 86400 + 1).astype("timedelta64[D]")
    return pa.table(
        {
            "touch_id": _child_ids("T", numbers[row], position),
            "customer_id": customer_ids.take(pa.array(row)),
            "staff_id": staff,
            "channel": TOUCH_CHANNELS[channel],
            "direction": direction,
            "effective": two_way,
            "touched_at": pa.array(touched_us, pa.timestamp("us", tz="UTC")),
            "source": np.full(total, "demo"),
            "source_ref": pa.nulls(total, pa.string()),
            "date": pa.array(local_date, pa.date32()),
        },
        schema=TOUCHES,
    )
