"""The command line (`interview-autopilot ...`): schema, sample data, the smoke test, the doctor,
the settings and the store-to-store migration. Never imports Streamlit."""
