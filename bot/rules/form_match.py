"""Whether a .docx sent as a case study is the recommendation form the bot filled (issue 30.4).

An applicant who sends back the form .docx they downloaded (as printed, or after editing it in
Word) needs to hear that the signed and stamped PDF scan is what counts, not a case-study report
of a file that was never a case study. The form is recognised by its content, so forms made
before this check and forms edited in Word are recognised too: the form's title near the top,
and at least half of its field labels in its tables.
"""

from __future__ import annotations

from bot.campaign.schema import Form
from bot.rules.document import Document

TITLE_WITHIN = 5  # paragraphs from the top where the printed title stands


def is_filled_form(document: Document, form: Form | None) -> bool:
    if form is None or not form.fields:
        return False
    top = [p.text.replace(" ", "") for p in document.paragraphs[:TITLE_WITHIN]]
    title = form.title.replace(" ", "")
    if not any(title in line for line in top):
        return False
    in_tables = "\n".join(p.text for p in document.paragraphs if p.in_table)
    labels = {field.label.zh_CN for field in form.fields}
    return 2 * sum(label in in_tables for label in labels) >= len(labels)
