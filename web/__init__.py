"""The web layer: blueprints, request handling, templates' helpers."""
