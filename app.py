"""Start the Career Mentor web app: `python app.py` (or `make run`)."""

from bot.ui import launch

if __name__ == "__main__":
    launch()
