"""Who may do what, and which customers they may see: the one module every view goes through.

Role permissions are a plain table. Row-level scope is turned into a SQL predicate over any lake
relation that has a ``customer_id`` column, so a query cannot be written without its filter:

- admin, head_office, compliance: every customer (compliance always sees them masked);
- branch_head: customers whose ``branch_id`` is the branch of their org unit;
- manager: customers they own, through ``customer_owner`` (siyu.assign's current owner when that
  stage is installed, else the lake ``customers.owner_id``).
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pyarrow as pa
from sqlalchemy import select
from sqlalchemy.orm import Session

from siyu.db.models import OrgUnit, Staff, User
from siyu.workspace import Workspace

ROLE_LABELS = {
    "admin": "系统管理员",
    "head_office": "总行运营",
    "branch_head": "支行行长",
    "manager": "客户经理",
    "compliance": "合规",
}

_ALL = frozenset(ROLE_LABELS)
PERMISSIONS: dict[str, frozenset[str]] = {
    "customers.view": _ALL,
    "customers.unmask": frozenset({"admin", "head_office"}),
    "tags.decide": frozenset({"admin", "head_office", "branch_head", "manager"}),
    "compliance.view": frozenset({"admin", "head_office", "branch_head", "compliance"}),
    "compliance.review": frozenset({"admin", "compliance"}),
    "dashboards.view": frozenset({"admin", "head_office", "branch_head", "manager"}),
    "segments.view": frozenset({"admin", "head_office", "branch_head"}),
    "segments.preview": frozenset({"admin", "head_office"}),
    "personas.view": frozenset({"admin", "head_office", "branch_head", "manager"}),
    "assignment.view": frozenset({"admin", "head_office"}),
    "worklist.view": frozenset({"admin", "head_office", "branch_head", "manager"}),
    "campaigns.view": frozenset({"admin", "head_office", "branch_head"}),
    "audit.view": frozenset({"admin"}),
}

_EVERYONE = frozenset({"admin", "head_office", "compliance"})


@dataclass(frozen=True)
class Principal:
    """The signed-in user as every view sees it, resolved once per request."""

    user_id: int
    username: str
    role: str
    staff_id: str | None
    branch_id: str | None
    display_name: str

    @property
    def role_label(self) -> str:
        return ROLE_LABELS.get(self.role, self.role)

    def can(self, permission: str) -> bool:
        return self.role in PERMISSIONS[permission]

    def customer_filter(self, column: str = "customer_id") -> tuple[str, list[str]]:
        """A DuckDB predicate (with its parameters) keeping only rows of customers in scope."""
        if self.role in _EVERYONE:
            return "TRUE", []
        if self.role == "branch_head" and self.branch_id:
            return f"{column} IN (SELECT customer_id FROM customers WHERE branch_id = ?)", [self.branch_id]
        if self.role == "manager" and self.staff_id:
            return f"{column} IN (SELECT customer_id FROM customer_owner WHERE owner_id = ?)", [self.staff_id]
        return "FALSE", []


def sees_staff(principal: Principal, staff_id: str, branch_id: str | None) -> bool:
    """Whose persona and book a user may look at: everyone's, their branch's, or their own."""
    if principal.role in ("admin", "head_office"):
        return True
    if principal.role == "branch_head":
        return principal.branch_id is not None and branch_id == principal.branch_id
    return principal.role == "manager" and staff_id == principal.staff_id


def branches_by_org(session: Session) -> dict[str, str | None]:
    """org_id -> branch_id for every org unit (one query instead of one per staff member)."""
    orgs = {o.org_id: o for o in session.scalars(select(OrgUnit))}
    return {
        o.org_id: o.org_id if o.kind == "branch" else o.parent_id if o.kind == "sub_branch" else None
        for o in orgs.values()
    }


def branch_of(session: Session, org_id: str | None) -> str | None:
    """The branch an org unit belongs to: itself for a branch, its parent for a sub-branch."""
    org = session.get(OrgUnit, org_id) if org_id else None
    if org is None:
        return None
    if org.kind == "branch":
        return org.org_id
    if org.kind == "sub_branch":
        return org.parent_id
    return None


def principal_for(session: Session, user: User) -> Principal:
    staff = session.get(Staff, user.staff_id) if user.staff_id else None
    org_id = user.org_id or (staff.org_id if staff else None)
    return Principal(
        user_id=user.user_id,
        username=user.username,
        role=user.role,
        staff_id=user.staff_id,
        branch_id=branch_of(session, org_id),
        display_name=staff.name if staff else user.username,
    )


def owner_table(ws: Workspace) -> pa.Table | None:
    """Current owners from the assignment stage, or None when it is not installed."""
    try:
        from siyu.assign.ownership import current_owner_table
    except ImportError:  # without the assignment stage the core-banking owner stands
        return None
    return current_owner_table(ws).select(["customer_id", "owner_id"])


def install_owner_view(con: duckdb.DuckDBPyConnection, owners: pa.Table | None) -> None:
    """Define ``customer_owner(customer_id, owner_id)``, the one owner lookup every scope uses."""
    if owners is None:
        con.execute("CREATE OR REPLACE VIEW customer_owner AS SELECT customer_id, owner_id FROM customers")
        return
    con.register("__customer_owner", owners)
    con.execute(
        "CREATE OR REPLACE TABLE customer_owner AS"
        " SELECT customer_id, owner_id FROM __customer_owner ORDER BY customer_id"
    )
    con.unregister("__customer_owner")
