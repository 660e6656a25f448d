"""The debrief as a printable file for a hiring committee: one self-contained HTML document (its
style inline, no script, no external link or image), holding what the viewer's debrief holds
and nothing more. Every stored text is escaped."""

from __future__ import annotations

import re
from datetime import datetime, tzinfo
from html import escape

from ..core.applications import against_line
from ..core.formatting import local_time, zone_name
from ..core.recommendation_reasons import attribute_line, without_line
from .debrief import OVERALL, PLAN_COLUMNS, Debrief

STYLE = """
body { font: 11pt/1.4 system-ui, sans-serif; color: #111; margin: 2em; }
h1 { font-size: 16pt; margin: 0 0 .2em; } h2 { font-size: 13pt; margin: 1.4em 0 .4em; }
table { border-collapse: collapse; width: 100%; margin: .4em 0; }
th, td { border: 1px solid #999; padding: .25em .5em; text-align: left; vertical-align: top; }
th { background: #eee; } .muted { color: #555; } .warn { font-weight: bold; }
@media print { body { margin: 0; } h2 { break-after: avoid; } tr { break-inside: avoid; } }
"""


def file_name(d: Debrief) -> str:
    """'debrief-zoe-candidate-product-manager.html' (ASCII letters, digits and dashes)."""
    words = f"{d.candidate} {d.view.job_title}".lower()
    slug = re.sub(r"[^a-z0-9]+", "-", words).strip("-")[:80] or "application"
    return f"debrief-{slug}.html"


def _table(head: list[str], rows: list[list[str]]) -> str:
    out = ["<table><thead><tr>", *(f"<th>{escape(h)}</th>" for h in head), "</tr></thead><tbody>"]
    for row in rows:
        out += ["<tr>", *(f"<td>{escape(c)}</td>" for c in row), "</tr>"]
    out.append("</tbody></table>")
    return "".join(out)


def debrief_html(d: Debrief, zone: tzinfo, generated_at: datetime) -> str:
    """The document (UTF-8 text); times in `zone`."""
    a = d.application
    title = f"Debrief · {d.candidate} · {d.view.job_title}"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{escape(title)}</title><style>{STYLE}</style></head><body>",
        f"<h1>{escape(title)}</h1>",
        f'<p class="muted">Stage: {escape(a.stage)} · prepared '
        f"{escape(local_time(generated_at, zone))} ({escape(zone_name(zone))})</p>",
        "<h2>Interviews of the plan</h2>",
    ]
    parts.append(_table(PLAN_COLUMNS, d.plan_rows(zone)))
    parts.append("<h2>Scorecards</h2>")
    if d.hidden:
        parts.append(f'<p class="muted">{escape(d.hidden)}</p>')
    elif not d.scorecards:
        parts.append('<p class="muted">No scorecard yet.</p>')
    else:
        head = ["Focus attribute", *(c.heading for c in d.scorecards)]
        body = [
            [attribute, *(d.cell(attribute, c) for c in d.scorecards)]
            for attribute in (*d.attributes, OVERALL)
        ]
        parts.append(_table(head, body))
    if d.interviews_hidden:
        parts.append(
            f'<p class="muted">The feedback of {d.interviews_hidden} interview(s) is not '
            "shown to you.</p>"
        )
    if d.reasons is not None:
        r = d.reasons
        parts.append(f"<h2>Recommendation: {escape(r.recommendation.label)}</h2><ul>")
        parts += [f"<li>{escape(attribute_line(x))}</li>" for x in r.attributes]
        parts.append("</ul>")
        if r.disputed:
            parts.append(
                f'<p class="warn">The panel disagrees on: {escape(", ".join(r.disputed))}.</p>'
            )
        if r.unassessed:
            parts.append(f"<p>Nobody assessed: {escape(', '.join(r.unassessed))}.</p>")
        parts.append("<ul>")
        parts += [f"<li>{escape(without_line(w, r.recommendation))}</li>" for w in r.without_each]
        parts.append("</ul>")
    parts.append("<h2>Decision</h2>")
    decision = d.view.decision
    if d.view.hidden:
        parts.append(f'<p class="muted">{escape(d.view.hidden)}</p>')
    elif decision is None:
        parts.append('<p class="muted">No decision yet.</p>')
    else:
        parts.append(
            f"<p><b>{escape(decision.call.label)}</b> by {escape(d.view.decider)}, "
            f"{escape(local_time(decision.decided_at, zone))}</p>"
            f"<p>{escape(decision.reason)}</p>"
        )
        if against := against_line(decision):
            parts.append(f'<p class="warn">{escape(against)}</p>')
    parts.append("</body></html>")
    return "\n".join(parts)
