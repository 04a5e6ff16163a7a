"""The web console and REST API: ``create_app(workspace)``."""
