"""rasa-sdk custom actions, served by `rasa run actions` (Python 3.10). Thin by design: they
will reach the gateway's API, never its database."""
