"""The Gradio web app. For now: search the reports and rank the roles for your skills."""

from __future__ import annotations

import gradio as gr

from bot.ingest import ensure_index
from bot.matching import match_roles
from bot.retrieval import Retriever
from bot.settings import Settings
from bot.skills import extract_profile
from bot.tools import format_profile

EXAMPLE_SEARCHES = ["which roles deploy models", "labeling data", "what tools do data analysts use"]
EXAMPLE_SKILLS = ["I know SQL, Excel and Tableau", "Strong Python, PyTorch, deployed models on AWS"]


def build_app(settings: Settings) -> gr.Blocks:
    """The Blocks app, with the index built (or reused) and the retriever loaded once."""
    ensure_index(settings)
    retriever = Retriever(settings)

    def search(query: str) -> str:
        if not query.strip():
            return "Type a question about AI roles, tasks or skills."
        parts = [f"**[{i}] {p.cite()}**\n\n{p.text}" for i, p in enumerate(retriever.search(query), 1)]
        return "\n\n---\n\n".join(parts)

    def match(text: str) -> tuple[str, list[list]]:
        try:
            extracted = extract_profile(text)
        except ValueError as exc:
            return str(exc), []
        if extracted.hint:
            return extracted.hint, []
        ranking = match_roles(extracted.profile)
        rows = [[m.rank, m.role, round(m.score, 2), m.explanation] for m in ranking.ranking]
        return "**Your skills as I read them**\n\n" + format_profile(extracted), rows

    with gr.Blocks(title="Career Mentor") as app:
        gr.Markdown(
            "# Career Mentor\nCareer guidance for AI roles, grounded in Workera's *AI Career Pathways* (2020) "
            "and *The AI Human Capital Playbook* (2019)."
        )
        with gr.Tab("Search the reports"):
            query = gr.Textbox(label="Question", placeholder="e.g. which roles deploy models")
            results = gr.Markdown()
            gr.Examples(EXAMPLE_SEARCHES, inputs=query)
            query.submit(search, query, results, api_name="search")
            gr.Button("Search", variant="primary").click(search, query, results, api_name=False)
        with gr.Tab("Which role fits me?"):
            skills = gr.Textbox(label="Your skills, in your own words", lines=3)
            read = gr.Markdown()
            table = gr.Dataframe(headers=["rank", "role", "score", "why"], interactive=False)
            gr.Examples(EXAMPLE_SKILLS, inputs=skills)
            gr.Button("Match me", variant="primary").click(match, skills, [read, table], api_name="match")
    return app


def launch(settings: Settings) -> None:
    app = build_app(settings)
    print(f"Career Mentor on http://{settings.host}:{settings.port}")
    app.queue().launch(server_name=settings.host, server_port=settings.port, share=False)
