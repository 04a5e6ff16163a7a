"""Masking of phone and ID-card numbers."""

from siyu.security.masking import mask_id_card, mask_phone, mask_text


def test_mask_phone_and_id_card() -> None:
    assert mask_phone("13812345678") == "138****5678"
    assert mask_id_card("110101199001011234") == "110***********1234"
    assert mask_id_card("11010119900101123X") == "110***********123X"
    assert mask_phone(None) is None
    assert mask_phone("123") == "***"


def test_mask_text_keeps_length_so_evidence_spans_still_fit() -> None:
    text = "我的电话13812345678，身份证110101199001011234，订单号 2026112300001 不变"
    masked = mask_text(text)
    assert masked == "我的电话138****5678，身份证110***********1234，订单号 2026112300001 不变"
    assert len(masked) == len(text)
