"""What each screen reads and computes, over any store: the week, the scorecards owed, the
schedule form, profiles, insights, list views, exports, the audit history and the sample data.

Above the store and the core, below the Streamlit layer; never imports Streamlit."""
