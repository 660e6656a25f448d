"""The domain and its rules: records, errors, validation, lifecycle, access, the audit trail,
filters, search, the clock, formatting, settings, the logs' configuration and file paths.

The lowest layer: imports nothing else of the app, and never Streamlit or a database driver
(pyproject.toml's import contracts)."""
