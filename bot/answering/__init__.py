"""The answering stage: the answerers per kind of question, the composer, the grounding check, the LLM backends
and the deterministic tools."""
