"""Third-party modules imported without their import-time work (`bot.imports`): what they do is unchanged."""

import jinja2


def test_event_docs_read_as_gradio_renders_them():
    import gradio.events

    events = [getattr(gradio.events.Events, name) for name in dir(gradio.events.Events)]
    events = [e for e in events if isinstance(e, gradio.events.EventListener)]
    assert len(events) > 20
    for event in events:
        template = event.copy().listener.__doc__
        ours = event.copy()
        ours.set_doc(component="Textbox")
        assert ours.listener.__doc__ == (jinja2.Template(template).render(component="Textbox") if template else None)


def test_overrides_are_still_enforced():
    """chromadb's classes import, and a method that overrides another without `@override` is still refused."""
    import chromadb  # noqa: F401
    import overrides
    import pytest

    class Base(overrides.EnforceOverrides):
        def heartbeat(self) -> int:
            return 1

    class Marked(Base):
        @overrides.override
        def heartbeat(self) -> int:
            return 2

    assert Marked().heartbeat() == 2
    with pytest.raises(TypeError, match="does not have @override"):

        class Unmarked(Base):
            def heartbeat(self) -> int:
                return 3
