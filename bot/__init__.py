"""Rasa's side only, run by Rasa's own interpreter (Python 3.10, rasa 3.6): the config,
domain, rules and answers, our input channel (`gateway_channel.py`), the intent classifier
and the VIN and mileage extractor (`entities/`). Never imported by the gateway, except the
extractor's pure rules by tests; imports nothing of the gateway."""
