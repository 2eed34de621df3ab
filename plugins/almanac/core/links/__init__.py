"""The links between posts and data: entities, `[[id]]` links, automatic mentions, backlinks."""
