"""Use cases below the conversations: checklist, deadline, reminders, exports, the staff package.
Called by handlers, the scheduler and the CLI alike; they never import ``handlers``."""
