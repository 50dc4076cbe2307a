"""Teaching the bot: the training data and answers admins edit (files under nlu_data/ and bot/, which git
tracks), and the models trained from them."""
