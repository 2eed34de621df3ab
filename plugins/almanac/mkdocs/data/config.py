# Options of the `almanac/data` plugin, checked when MkDocs loads `mkdocs.yml` (see
# `options.py`): a bad value stops the build, and `almanac check`, with its line.

from __future__ import annotations

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

    parallel = Flag(True, hint="write `parallel: false` to do everything in the build's own process")
    """Read `data/`, draw the tables and charts of posts and make the generated pages (prices,
    models, vendors, providers, status) in a second process while MkDocs builds the rest of
    the site, on a machine with two cores or more. The site and its errors are the same either
    way; `false` does all of it in the build's own process."""
