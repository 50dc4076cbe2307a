"""The routes, one module per face: provider webhooks (`whatsapp`, `telegram`), the web chat
page and socket (`webchat`), Rasa's socket.io protocol (`socketio`), the agent console
(`console*`), the admin API (`admin`) and health. A route verifies and translates, then calls
one part it received through `api.deps`; it never reads the app's state itself."""
