"""siyu: private-domain customer operations for retail banks."""

__version__ = "0.1.0"
