"""The after-sales work the bot does itself: warranty coverage, claims, maintenance, bookings, centres, roadside help.

Pure rules (what is covered until when, which service is due, which slots are free)
plus the services that store claims and bookings through `storage.repositories`. The
action server reaches all of it through the gateway's desk API (api/routers/desk*),
never through the database (README, "Service desk").

May import: the standard library, third-party packages, `storage`, `nlu`, and
`conversations` (to tell a customer about a claim's new stage through the outbox).
Never `api`, `staff` or `channels`.
"""
