"""The bank's calendar: days are counted in Asia/Shanghai, instants are stored as aware UTC."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

BANK_TZ_NAME = "Asia/Shanghai"
BANK_TZ = ZoneInfo(BANK_TZ_NAME)


def today() -> date:
    return datetime.now(BANK_TZ).date()


def local_day(at: datetime) -> date:
    """The calendar day in Asia/Shanghai of an aware instant (naive means UTC)."""
    if at.tzinfo is None:
        at = at.replace(tzinfo=UTC)
    return at.astimezone(BANK_TZ).date()


def end_of_day(day: date) -> datetime:
    """The first instant after ``day`` in the bank's time zone, as an aware UTC datetime."""
    return datetime.combine(day + timedelta(days=1), time(), BANK_TZ).astimezone(UTC)


def local_day_sql(instant: str) -> str:
    """DuckDB SQL for the bank calendar day of a TIMESTAMPTZ expression (the same day as local_day)."""
    return f"CAST(timezone('{BANK_TZ_NAME}', {instant}) AS DATE)"
