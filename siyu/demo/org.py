"""The demo organisation: head office, branches, sub-branches, staff with personas, console users."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from siyu.db.models import OrgUnit, Persona, Staff, User
from siyu.demo.rng import rng_for, weighted_choice
from siyu.demo.vocab import vocab
from siyu.security.passwords import hash_password, verify_password

DEMO_PASSWORD = "siyu-demo"
# Persona weaknesses planted on purpose so persona checks have something to find.
WEAKNESSES = ("missing_story", "latin_name", "virtual_avatar", "unrelated_signature")


@dataclass
class SubBranch:
    org_id: str
    branch_id: str
    city: str
    id_regions: list[str]
    managers: list[str] = field(default_factory=list)


@dataclass
class OrgPlan:
    units: list[dict]
    staff: list[dict]
    personas: list[dict]
    users: list[dict]
    sub_branches: list[SubBranch]
    remote_team: list[str]

    @property
    def managers(self) -> list[str]:
        return [m for sb in self.sub_branches for m in sb.managers]


def person_names(rng: np.random.Generator, genders: np.ndarray) -> list[str]:
    """Chinese full names: a weighted surname and one or two given-name characters."""
    v = vocab()
    surnames = list(v["surnames"])
    sur = weighted_choice(rng, list(v["surnames"].values()), len(genders))
    two = rng.random(len(genders)) < 0.7
    names = []
    for g, s, t in zip(genders, sur, two, strict=True):
        chars = v["given_name_chars"]["male" if g == "M" else "female"]
        given = "".join(rng.choice(chars, size=2 if t else 1))
        names.append(surnames[s] + given)
    return names


def plan_org(seed: int) -> OrgPlan:
    """The whole organisation for a seed; ids are fixed, names and persona details vary by seed."""
    v = vocab()
    rng = rng_for(seed, "org")
    head = v["bank"]["head_office"]
    units = [
        {
            "org_id": head["id"],
            "name": head["name"],
            "kind": "head_office",
            "parent_id": None,
            "city": head["city"],
        }
    ]
    sub_branches: list[SubBranch] = []
    for b in v["branches"]:
        units.append(
            {
                "org_id": b["id"],
                "name": b["name"],
                "kind": "branch",
                "parent_id": head["id"],
                "city": b["city"],
            }
        )
        for i, sb_name in enumerate(b["sub_branches"], start=1):
            sb_id = f"{b['id']}S{i}"
            units.append(
                {
                    "org_id": sb_id,
                    "name": sb_name,
                    "kind": "sub_branch",
                    "parent_id": b["id"],
                    "city": b["city"],
                }
            )
            sub_branches.append(SubBranch(sb_id, b["id"], b["city"], list(b["id_region"])))

    counts = v["staff"]
    rows: list[tuple[str, str, str]] = []  # staff_id, kind, org_id
    n = 0
    for sb in sub_branches:
        for _ in range(counts["managers_per_sub_branch"]):
            n += 1
            sb.managers.append(f"M{n:03d}")
            rows.append((f"M{n:03d}", "manager", sb.org_id))
    remote = [f"R{i:02d}" for i in range(1, counts["remote_team"] + 1)]
    rows += [(r, "remote", head["id"]) for r in remote]
    rows += [(f"BH{i}", "branch_head", b["id"]) for i, b in enumerate(v["branches"], start=1)]
    rows += [(f"OP{i:02d}", "operations", head["id"]) for i in range(1, counts["operations"] + 1)]
    rows += [(f"CP{i:02d}", "compliance", head["id"]) for i in range(1, counts["compliance"] + 1)]

    genders = np.where(rng.random(len(rows)) < 0.55, "F", "M")
    names = person_names(rng, genders)
    specialties = list(v["specialties"])
    cap = counts["capacity"]
    staff, personas = [], []
    weak_index = 0
    for (staff_id, kind, org_id), gender, name in zip(rows, genders, names, strict=True):
        serves = kind in ("manager", "remote")
        picks = (
            [
                specialties[i]
                for i in rng.choice(len(specialties), size=int(rng.integers(1, 4)), replace=False)
            ]
            if serves
            else []
        )
        staff.append(
            {
                "staff_id": staff_id,
                "name": name,
                "kind": kind,
                "org_id": org_id,
                "gender": str(gender),
                "birth_year": int(rng.integers(1975, 2001)),
                "phone": f"1{rng.integers(3, 10)}{rng.integers(0, 10**9):09d}",
                "specialties": picks,
                "capacity": int(rng.integers(cap["min"], cap["max"] + 1)) if serves else None,
                "active": True,
            }
        )
        if not serves:
            continue
        weak: set[str] = set()
        if rng.random() < 0.4:  # cycle so every weakness occurs at least once per organisation
            weak.add(WEAKNESSES[weak_index % len(WEAKNESSES)])
            weak_index += 1
            if rng.random() < 0.3:
                weak.add(WEAKNESSES[int(rng.integers(len(WEAKNESSES)))])
        personas.append(persona_for(rng, staff_id, kind, name, picks[0], weak))
    users = demo_users(sub_branches, remote)
    return OrgPlan(units, staff, personas, users, sub_branches, remote)


def persona_for(
    rng: np.random.Generator, staff_id: str, kind: str, name: str, specialty: str, weak: set[str]
) -> dict:
    v = vocab()
    material = v["specialties"][specialty]
    surname = name[:2] if name[:2] in v["surnames"] else name[0]
    bank = v["bank"]["name"]
    # Seed 000: personal (小X), easy to remember, and tied to the bank's name.
    display = str(
        rng.choice([f"{bank}小{surname}", f"小{surname}·{bank}", f"小{surname}"], p=[0.45, 0.3, 0.25])
    )
    if "latin_name" in weak:
        display = f"{rng.choice(v['weak_personas']['latin_names'])}{surname}"
    one_to_many = kind == "remote" and rng.random() < 0.5
    avatar = "virtual_ip" if one_to_many or "virtual_avatar" in weak else "real_photo"
    signature = str(rng.choice(material["signatures"]))
    if "unrelated_signature" in weak:
        signature = str(rng.choice(v["weak_personas"]["signatures"]))
    return {
        "staff_id": staff_id,
        "display_name": display,
        "avatar_kind": avatar,
        "avatar_path": f"avatars/{staff_id.lower()}.{'png' if avatar == 'virtual_ip' else 'jpg'}",
        "social_identity": material["identity"],
        "signature": signature,
        "personality": material["personality"],
        "story": None if "missing_story" in weak else material["story"],
        "service_mode": "one_to_many" if one_to_many else "one_to_one",
    }


def demo_users(sub_branches: list[SubBranch], remote: list[str]) -> list[dict]:
    """One login per role; every demo user has the password ``siyu-demo``."""
    first = sub_branches[0]
    return [
        {"username": "admin", "role": "admin", "staff_id": None, "org_id": None},
        {"username": "hq_ops", "role": "head_office", "staff_id": "OP01", "org_id": None},
        {"username": "branch_head_1", "role": "branch_head", "staff_id": "BH1", "org_id": first.branch_id},
        {"username": "manager_1", "role": "manager", "staff_id": first.managers[0], "org_id": first.org_id},
        {"username": "remote_1", "role": "manager", "staff_id": remote[0], "org_id": None},
        {"username": "compliance_1", "role": "compliance", "staff_id": "CP01", "org_id": None},
    ]


def upsert_org(session: Session, plan: OrgPlan) -> None:
    """Insert or update the organisation by natural ids: running twice leaves one copy."""
    for unit in plan.units:  # parents come first in the plan
        session.merge(OrgUnit(**unit))
        session.flush()
    for row in plan.staff:
        session.merge(Staff(**row))
    session.flush()
    for row in plan.personas:
        session.merge(Persona(**row))
    existing = {
        u.username: u
        for u in session.scalars(select(User).where(User.username.in_([u["username"] for u in plan.users])))
    }
    for row in plan.users:
        user = existing.get(row["username"])
        if user is None:
            session.add(User(password_hash=hash_password(DEMO_PASSWORD), active=True, **row))
            continue
        user.role, user.staff_id, user.org_id, user.active = row["role"], row["staff_id"], row["org_id"], True
        if not verify_password(DEMO_PASSWORD, user.password_hash):
            user.password_hash = hash_password(DEMO_PASSWORD)
