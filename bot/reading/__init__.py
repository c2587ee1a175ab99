"""The reading stage: what a message asks (question, router), and what a person says of themselves (skills,
activities, CV)."""
