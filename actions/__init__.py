"""rasa-sdk custom actions, served by `rasa run actions` (Python 3.10, rasa-sdk 3.6).

Thin by design: every fact and every rule (what a warranty covers, which slot is free,
whether a claim repeats an open one) lives in the gateway and is asked through its desk
API (`actions/desk.py`); these modules only decide what to ask the customer next and
which answer template to send. Answers are never written here: an action sends a
template name with its values, and the gateway renders it in the conversation's language
from bot/responses/<lang>.yml (README, "Service desk").

- `desk.py`: the desk API client and the helpers every action uses;
- `forms.py`: the slot validation shared by every form (interruptions, "stop", FAQs);
- `vehicle_forms.py`: coverage, warranty claim and maintenance forms and their results;
- `booking.py`: the booking form, its questions, booking, cancelling, rescheduling;
- `lookups.py`: claim status, service centres, roadside help, leaving and switching forms.

May import rasa_sdk, aiohttp (both in Rasa's environment) and the standard library; never
the gateway's packages (another interpreter).
"""
