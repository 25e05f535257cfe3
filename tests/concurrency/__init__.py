"""Load-test helpers: a real `herenigd` server and CLI processes against one SQLite file."""
