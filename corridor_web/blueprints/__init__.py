"""The Flask blueprints: pages, maps and embeds, exports, the APIs, operations."""
