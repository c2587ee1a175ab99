"""Start the Career Mentor web app: `python app.py` (or `make run`)."""

if __name__ == "__main__":
    from bot.index.embeddings import preload

    preload()  # the embedding model loads while the app's imports below run (onnxruntime works off the GIL)
    from bot.web.app import launch

    launch()
