"""Who manages a customer. The one place to change when a current-owner view replaces the column."""

from __future__ import annotations

from sqlglot import exp


def owner_expression(customers_alias: str = "c") -> exp.Expression:
    """The staff_id owning the customer row ``customers_alias`` (null when nobody manages them)."""
    return exp.column("owner_id", table=customers_alias)
