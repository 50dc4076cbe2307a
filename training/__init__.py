"""Teaching the bot: the admin pages' domain.

What lives here: the training data and answers as files (nlu_data/ and bot/ of a checkout,
which git tracks: `content`, `edits`, `yaml_files`, `nlu_files`, `answer_files`,
`dialogue_files`, `snapshot`, `validation`), the training runs (`trainer`), their held-out
evaluation (`evaluation`), the model registry and its gate (`registry`), the swap of the live
model (`activation`), and the inbox of messages the bot was unsure about (`unsure`).

It may import `staff` (the audit log), `conversations` (the dispatcher's gate), `nlu` (the Rasa
client), `storage`, and `scripts.stack` / `scripts.heldout` (how Rasa is trained and started, and
which files are held out); never `api`.
"""
