"""Interview Autopilot: a recruiter dashboard over SQLite or Apache Cassandra / Astra DB."""
