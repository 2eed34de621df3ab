"""The `almanac` blocks."""
