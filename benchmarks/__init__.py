"""Speed and load measurements: ``python -m benchmarks`` prints one table (not tests)."""
