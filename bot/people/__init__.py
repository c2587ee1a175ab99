"""The people stage: deterministic role matching, learning plans and role comparison."""
