"""Plain, typed logic of Model Almanac. Nothing here imports MkDocs."""
