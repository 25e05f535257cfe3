"""The family's case file as a whole: case bundles in and out (import, export) and retention
(anonymisation). Above the timeline and the families it writes; below the rule engine, which
reads a family as a bundle."""
