"""PII masking for pages, API answers and logs: phone and ID-card numbers keep only their ends."""

from __future__ import annotations

import re


def _mask_middle(value: str | None, keep_head: int, keep_tail: int) -> str | None:
    if value is None:
        return None
    if len(value) <= keep_head + keep_tail:
        return "*" * len(value)
    return value[:keep_head] + "*" * (len(value) - keep_head - keep_tail) + value[-keep_tail:]


def mask_phone(phone: str | None) -> str | None:
    """``13812345678`` -> ``138****5678``."""
    return _mask_middle(phone, 3, 4)


def mask_id_card(id_card: str | None) -> str | None:
    """``110101199001011234`` -> ``110***********1234``."""
    return _mask_middle(id_card, 3, 4)


# Mainland mobile numbers and 15/18-character resident ID numbers inside free text.
_ID_CARD = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])|(?<![0-9A-Za-z])\d{15}(?![0-9A-Za-z])")
_PHONE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")


def mask_text(text: str | None) -> str | None:
    """Mask phone and ID-card numbers appearing anywhere in ``text`` (utterances, log lines)."""
    if not text:
        return text
    text = _ID_CARD.sub(lambda m: mask_id_card(m.group(0)) or "", text)
    return _PHONE.sub(lambda m: mask_phone(m.group(0)) or "", text)
