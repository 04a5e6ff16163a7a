"""Segment condition trees: JSON validated into typed nodes, with errors that name the node path.

A tree is a JSON object with an ``op`` key::

    {"op": "and", "args": [
        {"op": "cmp", "attr": "age", "cmp": ">=", "value": 60},
        {"op": "or", "args": [{"op": "tag_in", "code": "life.stage", "values": ["retired"]},
                              {"op": "holds", "product_type": "deposit", "min_amount": 50000}]}]}
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    RootModel,
    ValidationError,
    field_validator,
    model_validator,
)

from siyu.profile.rules import load_rules
from siyu.segments.attributes import ATTRIBUTES, PRODUCT_TYPES, TOUCH_CHANNELS
from siyu.segments.library import load_bands

SEGMENT_ID = re.compile(r"^[A-Za-z0-9_\-]{1,64}$")


class SegmentError(ValueError):
    """A tree that cannot be used: malformed, unknown names, broken or cyclic references."""


def _attribute(name: str):
    if name not in ATTRIBUTES:
        raise ValueError(f"未知属性 {name!r}，可用：{', '.join(ATTRIBUTES)}")
    return ATTRIBUTES[name]


def _tag_code(code: str) -> str:
    codes = load_rules().codes
    if code not in codes:
        raise ValueError(f"未知标签 {code!r}，可用：{', '.join(codes)}")
    return code


class _Node(BaseModel):
    model_config = ConfigDict(extra="forbid")


class And(_Node):
    op: Literal["and"]
    args: list[Node] = Field(min_length=1)


class Or(_Node):
    op: Literal["or"]
    args: list[Node] = Field(min_length=1)


class Not(_Node):
    op: Literal["not"]
    arg: Node


class Compare(_Node):
    """A customer attribute compared with a value."""

    op: Literal["cmp"]
    attr: str
    cmp: Literal["=", "!=", "<", "<=", ">", ">="]
    value: Any

    _known = field_validator("attr")(classmethod(lambda cls, v: _attribute(v).name))

    @model_validator(mode="after")
    def _typed(self) -> Compare:
        attr = _attribute(self.attr)
        if self.cmp not in attr.comparisons:
            raise ValueError(
                f"比较符 {self.cmp!r} 不适用于属性 {self.attr!r}，可用：{', '.join(attr.comparisons)}"
            )
        self.value = attr.coerce(self.value)
        return self


class In(_Node):
    op: Literal["in"]
    attr: str
    values: list[Any] = Field(min_length=1)

    _known = field_validator("attr")(classmethod(lambda cls, v: _attribute(v).name))

    @model_validator(mode="after")
    def _typed(self) -> In:
        attr = _attribute(self.attr)
        self.values = [attr.coerce(v) for v in self.values]
        return self


class Between(_Node):
    """low <= attribute <= high (both ends included)."""

    op: Literal["between"]
    attr: str
    low: Any
    high: Any

    _known = field_validator("attr")(classmethod(lambda cls, v: _attribute(v).name))

    @model_validator(mode="after")
    def _typed(self) -> Between:
        attr = _attribute(self.attr)
        if not attr.ranged:
            raise ValueError(f"属性 {self.attr!r} 不能用 between")
        self.low, self.high = attr.coerce(self.low), attr.coerce(self.high)
        if self.low > self.high:
            raise ValueError(f"下限 low {self.low!r} 大于上限 high {self.high!r}")
        return self


class HasTag(_Node):
    """The current profile carries the tag code (any value)."""

    op: Literal["has_tag"]
    code: str

    _code = field_validator("code")(classmethod(lambda cls, v: _tag_code(v)))


class TagIn(_Node):
    """The current profile carries the tag code with one of the values."""

    op: Literal["tag_in"]
    code: str
    values: list[str] = Field(min_length=1)

    _code = field_validator("code")(classmethod(lambda cls, v: _tag_code(v)))

    @model_validator(mode="after")
    def _known_values(self) -> TagIn:
        known = load_rules().codes[self.code].values
        unknown = [v for v in self.values if known and v not in known]
        if unknown:
            raise ValueError(f"标签 {self.code} 没有取值 {unknown[0]!r}，可用：{', '.join(known)}")
        return self


class Holds(_Node):
    """Holds products of a type / sub-type, optionally in total at least ``min_amount`` yuan,
    optionally maturing within ``maturity_within_days`` of the as-of date."""

    op: Literal["holds"]
    product_type: str | None = None
    sub_type: str | None = None
    min_amount: float | None = Field(default=None, ge=0)
    maturity_within_days: int | None = Field(default=None, ge=0, le=3660)

    @field_validator("product_type")
    @classmethod
    def _type(cls, v: str | None) -> str | None:
        if v is not None and v not in PRODUCT_TYPES:
            raise ValueError(f"未知产品类型 {v!r}，可用：{', '.join(PRODUCT_TYPES)}")
        return v


class AumBand(_Node):
    """AUM within a named band of the segment library (e.g. potential = 5万–50万)."""

    op: Literal["aum_band"]
    band: str

    @field_validator("band")
    @classmethod
    def _band(cls, v: str) -> str:
        bands = load_bands()
        if v not in bands:
            raise ValueError(f"未知 AUM 分层 {v!r}，可用：{', '.join(bands)}")
        return v


class Touches(_Node):
    """Effective (two-way) touches in the last ``days`` days, optionally on one channel."""

    op: Literal["touches"]
    days: int = Field(ge=1, le=3660)
    at_least: int | None = Field(default=None, ge=0)
    at_most: int | None = Field(default=None, ge=0)
    channel: str | None = None

    @field_validator("channel")
    @classmethod
    def _channel(cls, v: str | None) -> str | None:
        if v is not None and v not in TOUCH_CHANNELS:
            raise ValueError(f"未知触达渠道 {v!r}，可用：{', '.join(TOUCH_CHANNELS)}")
        return v

    @model_validator(mode="after")
    def _bounds(self) -> Touches:
        if self.at_least is None and self.at_most is None:
            raise ValueError("请给出 at_least、at_most 或两者")
        if self.at_least is not None and self.at_most is not None and self.at_least > self.at_most:
            raise ValueError(f"at_least {self.at_least} 大于 at_most {self.at_most}")
        return self


class InSegment(_Node):
    """Member of another segment (library or user-defined), evaluated from its own tree."""

    op: Literal["segment"]
    id: str

    @field_validator("id")
    @classmethod
    def _id(cls, v: str) -> str:
        if not SEGMENT_ID.match(v):
            raise ValueError(f"客群编号 {v!r} 只能包含字母、数字、下划线和短横线（1-64位）")
        return v


Node = Annotated[
    And | Or | Not | Compare | In | Between | HasTag | TagIn | Holds | AumBand | Touches | InSegment,
    Field(discriminator="op"),
]
OPS = (
    "and",
    "or",
    "not",
    "cmp",
    "in",
    "between",
    "has_tag",
    "tag_in",
    "holds",
    "aum_band",
    "touches",
    "segment",
)

for _model in (And, Or, Not):
    _model.model_rebuild()


class Segment(RootModel[Node]):
    """A validated condition tree (``.root`` is the top node)."""

    def to_json(self) -> dict:
        return self.model_dump(mode="json", exclude_none=True)


def node_path(loc: tuple[str | int, ...]) -> tuple[str, str | None]:
    """Pydantic's error location as ``and[1].or[0]`` (the node) and the field inside it, if any."""
    parts: list[str] = []
    fields: tuple[str | int, ...] = ()
    i = 0
    while i < len(loc):
        item, following = loc[i], loc[i + 1] if i + 1 < len(loc) else None
        if item in OPS and following == "args" and i + 2 < len(loc) and isinstance(loc[i + 2], int):
            parts.append(f"{item}[{loc[i + 2]}]")
            i += 3
        elif item in OPS and following == "arg":
            parts.append("not")
            i += 2
        else:  # the failing node's own tag (if any), then the field inside it
            fields = loc[i + 1 :] if item in OPS else loc[i:]
            break
    return ".".join(parts) or "root", ".".join(map(str, fields)) or None


# Pydantic's own checks, in the words the builder and the CLI show (operations staff read them).
_PYDANTIC = {
    "missing": "缺少此字段",
    "extra_forbidden": "不认识的字段",
    "too_short": "至少需要 {min_length} 项",
    "literal_error": "只能是 {expected}",
    "greater_than": "必须大于 {gt}",
    "greater_than_equal": "不能小于 {ge}",
    "less_than_equal": "不能大于 {le}",
    "int_parsing": "需要整数",
    "int_type": "需要整数",
    "int_from_float": "需要整数",
    "float_parsing": "需要数字",
    "float_type": "需要数字",
    "string_type": "需要文本",
    "bool_parsing": "需要 true 或 false",
    "bool_type": "需要 true 或 false",
    "list_type": "需要列表 [...]",
}


def _message(err: dict) -> str:
    if err["type"] == "union_tag_invalid":
        return f"未知节点类型 {err['ctx']['tag']!r}，op 可用：{', '.join(OPS)}"
    if err["type"] == "union_tag_not_found":
        return f"缺少 'op'，可用：{', '.join(OPS)}"
    if err["type"] == "model_attributes_type":
        return "应为带 'op' 的 JSON 对象"
    if err["type"] in _PYDANTIC:
        ctx = {k: str(v).replace(" or ", ", ") for k, v in (err.get("ctx") or {}).items()}
        return _PYDANTIC[err["type"]].format(**ctx)
    return str(err["msg"]).removeprefix("Value error, ")


def validate_tree(obj: Any) -> Segment:
    """A JSON-like object (or a Segment) as a validated tree; SegmentError lists every problem by node."""
    if isinstance(obj, Segment):
        return obj
    try:
        return Segment.model_validate(obj)
    except ValidationError as exc:
        lines = []
        for err in exc.errors():
            path, field = node_path(tuple(err["loc"]))
            where = f"节点 {path}" + (f" 字段 {field!r}" if field and field not in ("attr",) else "")
            lines.append(f"{where}：{_message(err)}")
        raise SegmentError("\n".join(dict.fromkeys(lines))) from None
