"""Imports every module that defines app DB tables, so metadata (and Alembic) sees them all."""

from siyu.assign import models as assign_models  # noqa: F401
from siyu.db.models import Base
from siyu.plan import models as plan_models  # noqa: F401
from siyu.segments import models as segments_models  # noqa: F401
from siyu.web import models as web_models  # noqa: F401

__all__ = ["Base"]
