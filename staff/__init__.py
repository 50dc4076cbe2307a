"""The people behind the console: agents' and admins' accounts and logins, what the console
reads and does, canned responses and the console's live feed.

May import `conversations` (the hand-off state machine, the outbox's records),
`storage`, `coordination` and `channels`; never `api`.
"""
