"""The life of a customer's message inside the gateway.

The inbox (the one entry point every channel calls), the ordered dispatcher that hands
each stored message to the bot or leaves it to a person, turn recording, the hand-off
state machine (the only code that changes a conversation's state) and the outbox that
delivers replies once. May import `storage`, `coordination`, `nlu` and `channels`;
never `api` or `staff`.
"""
