"""Thin MkDocs adapters: each plugin wires MkDocs events to functions of `almanac.core`."""
