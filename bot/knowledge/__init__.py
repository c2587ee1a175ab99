"""The knowledge stage: the taxonomy, the user's skill profile model and the prompt files, loaded and validated."""
