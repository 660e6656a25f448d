"""The autopilot: the outbox's worker, its channels (SMTP, Slack), the invites queued with each
change of an interview, and what the Autopilot page shows (docs/autopilot.md)."""
