"""One adapter per channel, and their registry (`registry.py`).

An adapter only translates and verifies: a provider's payload to `InboundMessage`s and
delivery statuses, an `OutboundMessage` to the provider's API, signatures and secrets. No
database, no business rules, no retries (the outbox's). `base.py` holds the value types
every layer shares and `text.py` the text rules every adapter applies. May import
`coordination.ratelimit` (an adapter states its provider's limits) and nothing else of the
project.
"""
