"""The national-scale benchmark: `make bench` (python -m bench.run)."""
