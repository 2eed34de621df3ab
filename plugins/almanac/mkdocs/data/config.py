# Options of the `almanac/data` plugin, checked when MkDocs loads `mkdocs.yml` (see
# `options.py`): a bad value stops the build, and `almanac check`, with its line.

from __future__ import annotations

from typing import ClassVar

from almanac.mkdocs.options import CheckedConfig, Flag, IsoDate, SiteFolder


class DataConfig(CheckedConfig):
    """Options of `almanac/data` in `mkdocs.yml`.

    ```yaml
    plugins:
      - almanac/data:
          build_date: 2026-11-28
    ```
    """

    plugin_name = "almanac/data"
    #: Options of earlier versions: `parallel` is gone, the build runs in one process (why: `benchmarks/README.md`).
    removed: ClassVar[dict[str, str]] = {
        "parallel": "the data is read and its pages made in the build's own process; delete this line",
    }

    enabled = Flag(True, hint="write `enabled: false` to turn the plugin off")
    """Turn the plugin off without removing its options (`enabled: false`)."""

    build_date = IsoDate()
    """The date the site is built for, `YYYY-MM-DD`: which prices are current, which were
    checked too long ago. Default: the environment variable `ALMANAC_BUILD_DATE` if set, else
    today (UTC). Set it to rebuild an old state of the site byte for byte. Quoted or not, it
    is kept as its text, `YYYY-MM-DD`."""

    schema_dir = SiteFolder("schema")
    """Folder of the site where the JSON Schema of each data file is published
    (`/schema/vendor.schema.json`, …), for editors and for others who reuse the data."""
