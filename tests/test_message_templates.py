"""The candidate emails' templates (core/message_templates.py): what a draft may say, and how
a template is filled: placeholders replaced by their values and nothing else."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from interview_autopilot.core import message_templates as templates
from interview_autopilot.core.errors import ValidationError
from interview_autopilot.core.message_templates import DEFAULTS, EXAMPLE, FIELDS

pytestmark = pytest.mark.unit


def test_the_defaults_are_acceptable_drafts_and_fill_every_placeholder() -> None:
    for subject, body in DEFAULTS.values():
        assert templates.check(subject, body) == (subject, body)
        for text in (subject, body):
            filled = templates.fill(text, EXAMPLE)
            assert "{" not in filled and "}" not in filled
            assert EXAMPLE["when"] in filled or "when" not in templates.placeholders(text)


@pytest.mark.parametrize(
    ("subject", "body", "fault"),
    [
        ("Hi {name}", "x", "“{name}” is not a placeholder"),
        ("Hi", "{when.__class__}", "“{when.__class__}” is not a placeholder"),
        ("Hi", "{0}", "“{0}” is not a placeholder"),
        ("Hi {when", "x", "A lone “{”"),
        ("Hi", "x } y", "A lone “}”"),
        ("", "x", "The subject is empty."),
        ("a\nb", "x", "line break"),
        ("Hi", "x" * 5_001, "the limit is 5,000"),
    ],
)
def test_a_bad_draft_is_refused_with_what_to_fix(subject: str, body: str, fault: str) -> None:
    with pytest.raises(ValidationError) as refused:
        templates.check(subject, body)
    assert fault in refused.value.message


_PIECES = st.sampled_from([*(f"{{{f}}}" for f in FIELDS), "{{", "}}", "Hello ", "à", "\n", "x"])


@given(st.lists(_PIECES, max_size=30), st.dictionaries(st.sampled_from(list(FIELDS)), st.text()))
def test_filling_replaces_placeholders_with_their_values_only(pieces, values) -> None:
    """Filled piece by piece and as a whole, the text is the same: each placeholder becomes its
    value (kept as written when none is given), a doubled brace one brace, the rest itself."""
    values = {f: values.get(f, f"{{{f}}}") for f in FIELDS}
    text = "".join(pieces)
    expected = "".join(
        values[p[1:-1]] if p[1:-1] in FIELDS else {"{{": "{", "}}": "}"}.get(p, p) for p in pieces
    )
    assert templates.fill(text, values) == expected
