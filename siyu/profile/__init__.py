"""Customer profiles: tag events folded into the current profile, manager feedback, tag rate."""

from siyu.profile.feedback import FeedbackError, confirm_tag, reject_tag
from siyu.profile.fold import FoldSummary, build_profiles
from siyu.profile.owners import owner_expression
from siyu.profile.rules import Rules, load_rules
from siyu.profile.tag_rate import TagRate, tag_rate

__all__ = [
    "FeedbackError",
    "FoldSummary",
    "Rules",
    "TagRate",
    "build_profiles",
    "confirm_tag",
    "load_rules",
    "owner_expression",
    "reject_tag",
    "tag_rate",
]
