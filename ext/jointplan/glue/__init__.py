"""The Sphinx glue: directives, the ivp domain, generated tables, incremental builds,
the JSON export."""
