"""A generated demo bank: organisation, customers, products, holdings, NAVs, touches, conversations."""

from siyu.demo.generate import GenerationSummary, generate_bank

__all__ = ["GenerationSummary", "generate_bank"]
