"""The Streamlit layer: the query facade the pages call (`ui.queries`), the page frame and its
error display, who is looking (`identity`), per-rerun caches, the "How this was read" panel and
the `st.connection` for Cassandra. The only layer of the package that imports Streamlit."""
