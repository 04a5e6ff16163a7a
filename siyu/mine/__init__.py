"""Conversation mining: taxonomy and rules as YAML, one Aho-Corasick pass, context checks, evidence."""

from siyu.mine.engine import Miner
from siyu.mine.evaluate import EvalReport, evaluate
from siyu.mine.result import Evidence, Tag
from siyu.mine.rules import Rules, RulesError, load_rules

__all__ = ["EvalReport", "Evidence", "Miner", "Rules", "RulesError", "Tag", "evaluate", "load_rules"]
