# The `almanac/data` plugin: the datasets of `data/` (prices, providers, incidents, status,
# exchange rates, tags), loaded and checked once per build, before anything is written.
#
# Other almanac plugins read `datasets` from this plugin. The JSON Schema of each kind of data
# file is published with the site, and the preview watches `data/`: saving a data file
# rebuilds; a bad edit prints its `file:line:col` errors and the last good site stays served.

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger

from almanac.core.datasets import Datasets, export_schemas, load_datasets
from almanac.core.datasets.loader import DATA_DIR
from almanac.core.errors import AlmanacErrors
from almanac.mkdocs.data.config import DataConfig
from almanac.mkdocs.preview import keep_serving_on_error

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer

log = get_plugin_logger(__name__)

BUILD_DATE_VARIABLE = "ALMANAC_BUILD_DATE"


def build_date(option: str | None) -> dt.date:
    """The date the site is built for: the option, else `ALMANAC_BUILD_DATE`, else today (UTC)."""
    for where, text in (("build_date", option), (BUILD_DATE_VARIABLE, os.environ.get(BUILD_DATE_VARIABLE))):
        if text:
            try:
                return dt.date.fromisoformat(str(text).strip())
            except ValueError:
                raise PluginError(f"almanac/data: {where} is {text!r}, not a date — write it as YYYY-MM-DD") from None
    return dt.datetime.now(dt.UTC).date()


class DataPlugin(BasePlugin[DataConfig]):
    def __init__(self) -> None:
        self.datasets = Datasets()
        self.today = dt.date.today()
        self.project = Path(".")

    # Step 1 — before anything is written: read and check every file of `data/`. All errors
    # of the run are shown together as `path:line:col: what — how to fix`; the build stops.
    # Runs before the other almanac plugins' `on_config` (priority 100): they read the data
    # (the blog checks each post's tags against `data/tags.yaml`).
    @event_priority(100)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return None
        self.project = Path(config.config_file_path or ".").resolve().parent
        self.today = build_date(self.config.build_date)
        try:
            self.datasets = load_datasets(self.project, today=self.today)
        except AlmanacErrors as errors:
            raise PluginError(str(errors)) from None
        log.debug(
            "data: %d vendors, %d models, %d providers (as of %s)",
            len(self.datasets.vendors),
            len(self.datasets.models),
            len(self.datasets.providers),
            self.today,
        )
        return None

    # Step 2 — after the pages: publish the JSON Schema of each kind of data file.
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.config.enabled:
            export_schemas(Path(config.site_dir) / self.config.schema_dir)

    # The preview: a change in `data/` rebuilds the site like a change in `docs/`; a rebuild
    # that fails on a bad edit leaves the last good site served (see `preview.py`).
    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig, builder: object) -> LiveReloadServer | None:
        data = self.project / DATA_DIR
        if self.config.enabled and data.is_dir():
            server.watch(str(data))
        keep_serving_on_error(server)
        return server
