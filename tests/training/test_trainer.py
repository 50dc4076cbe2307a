"""What the background training run (training/trainer.py) tells the admin pages while `rasa train` works.
The run itself, on a real Rasa, is tests/e2e/test_model_cycle.py."""

from __future__ import annotations

from training.trainer import training_stage


def test_a_training_log_says_which_stage_rasa_is_in() -> None:
    started = "INFO rasa.cli.train  - Started validating domain and training data...\n"
    assert training_stage("", 8) is None
    assert training_stage(started, 8) == "reading and checking the training data"
    graph = started + "INFO rasa.validator  - No story structure conflicts found.\n"
    assert training_stage(graph, 8) == "preparing the training graph"
    components = (
        graph
        + "INFO hooks - Restored component 'CountVectorsFeaturizer' from cache.\n"
        + "INFO hooks - Starting to train component 'LinearSVMIntentClassifier'.\n"
    )
    assert training_stage(components, 8) == "training LinearSVMIntentClassifier (2 of 8)"
    assert training_stage(components + "Your Rasa model is trained and saved at 'x'.\n", 8) == "saving the model"
