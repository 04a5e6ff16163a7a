"""Ingest: load bank files (customers, holdings, products, conversations) into the lake.

Files are validated column by column; rows that fail go to the quarantine folder with the line,
field and what was expected, and everything valid is kept. Re-ingesting a file adds nothing.
"""

from siyu.ingest.report import IngestReport
from siyu.ingest.service import CONVERSATION_FORMATS, KINDS, ingest_file
from siyu.ingest.sources import IngestInputError

__all__ = ["CONVERSATION_FORMATS", "KINDS", "IngestInputError", "IngestReport", "ingest_file"]
