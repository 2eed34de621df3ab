"""What every run of a command would make alike, made once in the process the runs are forked from
(`launcher.py` imports this module there, after the others): the JSON Schemas of the data files and our
templates compiled by Jinja, which each build makes on first use in a process and keeps (`schema_text`,
`environment`). They were a third of each run of a bad-input case (0.35 of 1 s, profiled); each run still
makes them the same way where nothing made them before, as a user's command does."""

from __future__ import annotations

from almanac.core.data.datasets.models import FILE_MODELS
from almanac.core.data.datasets.schema import schema_text
from almanac.core.data.tables.html import TEMPLATE, environment

for kind in FILE_MODELS:
    schema_text(kind)
for name in environment().list_templates(filter_func=lambda name: name.startswith("almanac/pages/")):
    if name.endswith(".html"):
        environment().get_template(name)
environment().get_template(TEMPLATE)
