"""The people behind the console: agents' and admins' accounts and logins, what the console
reads and does, canned responses, the console's live feed, and warranty claims as technicians move them.

May import `conversations` (the hand-off state machine, the outbox's records),
`service_desk` (a claim's stages), `storage`, `coordination` and `channels`; never `api`.
"""
