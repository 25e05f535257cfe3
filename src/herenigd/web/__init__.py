"""The professional web layer: pages, forms, htmx partials and templates. Above the access layer:
every page renders the access layer's projection (docs/architecture.md)."""
