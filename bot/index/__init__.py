"""The index stage: passages, their sentences, embeddings, the Chroma and BM25 indexes, and hybrid retrieval."""
