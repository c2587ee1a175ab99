"""The web app (Gradio): layout and events (`app`), panels, rendering and the browser-kept state."""
