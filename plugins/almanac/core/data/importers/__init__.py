# Public price datasets read into our model, and merged into `data/vendors/*.yaml`.
#
# One module per format reads its file into `SourceFile` (`common.py`): offers of a vendor's
# model with their periods, rates per million tokens as exact `Decimal`s, and each entry the
# format has that our model cannot express, skipped with its reason. `merge.py` plans the
# change of `data/` the way `almanac price set` edits it (`data/edit.py`): a new dated period
# for a changed price, nothing for an unchanged one, a new model, offer, vendor or provider
# file only when asked. Used by `almanac import` (`import_command.py`), never by a build.
# Nothing here imports MkDocs.
