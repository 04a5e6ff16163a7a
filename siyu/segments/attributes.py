"""The customer attributes a segment may test, with their value kinds and allowed operators.

This whitelist is the only way a column name reaches generated SQL.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

Kind = Literal["str", "ordered_str", "number", "int", "date", "bool"]

EQUALITY = ("=", "!=")
ORDERING = ("=", "!=", "<", "<=", ">", ">=")


@dataclass(frozen=True)
class Attribute:
    name: str
    kind: Kind

    @property
    def comparisons(self) -> tuple[str, ...]:
        return EQUALITY if self.kind in ("str", "bool") else ORDERING

    @property
    def ranged(self) -> bool:
        """Whether ``between`` makes sense for the attribute."""
        return self.kind not in ("str", "bool")

    def coerce(self, value: Any) -> Any:
        """The value as the attribute's kind, or ValueError naming what was expected."""
        if self.kind in ("str", "ordered_str"):
            if isinstance(value, str):
                return value
            raise ValueError(f"属性 {self.name!r} 需要文本，收到 {value!r}")
        if self.kind == "bool":
            if isinstance(value, bool):
                return value
            raise ValueError(f"属性 {self.name!r} 需要 true 或 false，收到 {value!r}")
        if self.kind in ("number", "int"):
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise ValueError(f"属性 {self.name!r} 需要数字，收到 {value!r}")
            if self.kind == "int":
                if value != int(value):
                    raise ValueError(f"属性 {self.name!r} 需要整数，收到 {value!r}")
                return int(value)
            return float(value)
        if isinstance(value, date):
            return value
        if isinstance(value, str):
            try:
                return date.fromisoformat(value)
            except ValueError:
                pass
        raise ValueError(f"属性 {self.name!r} 需要日期 YYYY-MM-DD，收到 {value!r}")


ATTRIBUTES: dict[str, Attribute] = {
    a.name: a
    for a in (
        Attribute("age", "int"),  # whole years on the as-of date, from birth_date
        Attribute("birth_date", "date"),
        Attribute("gender", "str"),
        Attribute("occupation", "str"),
        Attribute("city", "str"),
        Attribute("branch_id", "str"),
        Attribute("sub_branch_id", "str"),
        Attribute("acquisition_source", "str"),
        Attribute("aum", "number"),
        Attribute("risk_rating", "ordered_str"),  # C1 < C2 < ... < C5
        Attribute("opened_at", "date"),
        Attribute("last_app_login", "date"),
        Attribute("app_active_days_30d", "int"),
        Attribute("marketing_consent", "bool"),
        Attribute("wecom_friend", "bool"),
        Attribute("owner_id", "str"),
        Attribute("has_owner", "bool"),
    )
}

PRODUCT_TYPES = ("deposit", "wealth", "fund", "insurance", "gold")
TOUCH_CHANNELS = ("chat", "group", "moments", "phone", "event", "branch")
