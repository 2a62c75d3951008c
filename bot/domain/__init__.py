"""The application's life cycle: statuses, who may move an application between them, and on what."""
