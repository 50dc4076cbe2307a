"""The database: engine and sessions, models split by domain, repositories, migrations.

Repositories (`storage.repositories`) are the only code that builds queries. Everything
here is synchronous SQLAlchemy run in the database worker threads
(`storage.engine.run_in_thread`). May import `channels.base` (the value types a stored
row becomes) and nothing else of the project.
"""
