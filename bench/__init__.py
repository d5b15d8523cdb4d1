"""Benchmarks with budgets for briefing, and the synthetic editions they run on (see bench/README.md)."""
