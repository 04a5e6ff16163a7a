"""Lake queries of the console. Every function takes the ``Principal`` and filters through it."""
