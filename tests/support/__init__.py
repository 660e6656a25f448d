"""What the tests share: builders of a small world, payloads, the node's test settings, the
Astra emulation, the browser kit, a TCP proxy, an OpenID provider, table snapshots, and the
tiers each collected test is marked with (pytest's `pythonpath` puts tests/ on the path)."""
