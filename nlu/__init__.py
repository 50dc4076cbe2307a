"""The gateway's side of language understanding: which language a customer writes, and the client for Rasa.

Runs in the gateway's interpreter (Python >= 3.11), never inside Rasa: Rasa's own side
(pipeline components, the input channel, domain and rules) lives in `bot/`. May import
the standard library and third-party packages only, nothing of the project.
"""
