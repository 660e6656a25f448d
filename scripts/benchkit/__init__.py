"""The parts of scripts/bench.py: data, load, screens, baselines, server, report."""
