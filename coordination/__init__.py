"""State that several gateway replicas must share, each behind a small interface.

Per-conversation leases (taken by `serial.PerConversation` when given), rate limits,
each customer's flood bucket,
the event bus, console presence, the login throttle, live-connection membership and the
leader lease: each has an in-process implementation (the embedded default, one process)
and a Redis one (redis-py's asyncio client); `factory.build_coordination` picks one or
the other from the value of SUPPORTBOT_REDIS_URL. Imports nothing of the project:
every other package may use it.
"""
