"""Many users at once: a websocket-level load client for the Streamlit app (`make bench-users`).

- `browser`: one browser session over Streamlit's websocket (BackMsg / ForwardMsg protobufs).
- `flow`: what a user does (open the list, switch status, open an interview) and the load loop.
- `procs`: the app servers it starts (`streamlit run`), nginx in front, CPU time from /proc.
- `nginx`: the reverse proxy's configuration (sticky sessions by cookie, websocket upgrade).
- `figures`: p95 per action, CPU per rerun and per flow, the printed table.
"""
