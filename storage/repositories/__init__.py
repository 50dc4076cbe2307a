"""Repositories: the only code that builds queries; one module per domain; functions take an open Session."""
