"""The thin I/O layer to an OpenAI-compatible chat server: one request, one classified outcome.

Retries are decided by the caller (`scoring.batches`), so this client runs with the SDK's own retries
off and turns every failure into an `LLMCallError` saying whether a retry can help and how long the
server asked to wait.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from scoring.config import ScoringConfig
from scoring.errors import ScoringError
from scoring.reply import JSON_MODE_FORMAT, JSON_SCHEMA_FORMAT
from scrapers.retry_after import retry_after_seconds

if TYPE_CHECKING:
    # The SDK costs half a second and 20 MB to import: it is imported where an LLM client is made or
    # its errors are read, which only a run with an LLM configured reaches.
    import openai


@dataclass(slots=True)
class LLMSettings:
    model: str
    api_key: str | None = None
    base_url: str | None = None

    @property
    def where(self) -> str:
        return self.base_url or "api.openai.com"


@dataclass(slots=True)
class Completion:
    content: str | None
    prompt_tokens: int = 0
    completion_tokens: int = 0


class LLMCallError(ScoringError):
    """One request failed. `retryable`: trying again may work; `fatal`: no request this run will."""

    def __init__(
        self,
        cause: str,
        hint: str = "",
        *,
        retryable: bool = False,
        fatal: bool = False,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(cause, hint)
        self.retryable = retryable
        self.fatal = fatal
        self.retry_after = retry_after


def retry_delay(attempt: int, retry_after: float | None, cfg: ScoringConfig) -> float | None:
    """Seconds to wait before retry number `attempt` (0 = first retry); None when not worth waiting.

    A server's own Retry-After wins over the exponential backoff; one asking for longer than
    `max_backoff` is not waited for, so a run never hangs on a provider's long rate-limit window.
    """
    if retry_after is not None:
        return retry_after if retry_after <= cfg.max_backoff else None
    # "Full jitter" keeps concurrent batches from retrying in lockstep.
    return min(cfg.max_backoff, cfg.backoff * 2**attempt * random.uniform(0.5, 1.0))


def _rejects_format(exc: openai.APIStatusError) -> bool:
    text = f"{exc.message} {exc.body}".lower()
    return any(word in text for word in ("response_format", "json_schema", "json_object", "schema"))


def classify(exc: Exception, settings: LLMSettings, cfg: ScoringConfig) -> LLMCallError:
    """A person-readable, retry-aware description of what went wrong with one request."""
    import openai

    where = settings.where
    if isinstance(exc, openai.APITimeoutError):
        return LLMCallError(f"no reply from {where} within {cfg.timeout:g}s", "raise [scoring] timeout", retryable=True)
    if isinstance(exc, openai.APIConnectionError):
        return LLMCallError(f"cannot reach {where}", "check OPENAI_BASE_URL and the network", retryable=True)
    if isinstance(exc, openai.APIStatusError):
        status = exc.status_code
        wait = retry_after_seconds(exc.response.headers if exc.response is not None else None)
        if status == 429:
            return LLMCallError(
                f"rate limited by {where} (HTTP 429)",
                "lower [scoring] concurrency or raise retries",
                retryable=True,
                retry_after=wait,
            )
        if status >= 500 or status in (408, 409):
            return LLMCallError(
                f"{where} failed (HTTP {status})", "retry later or try another model", retryable=True, retry_after=wait
            )
        if status in (401, 403):
            return LLMCallError(f"{where} refused the API key (HTTP {status})", "check OPENAI_API_KEY", fatal=True)
        if status == 404:
            return LLMCallError(
                f"model {settings.model!r} or its endpoint not found at {where} (HTTP 404)",
                "check OPENAI_MODEL and OPENAI_BASE_URL",
                fatal=True,
            )
        return LLMCallError(
            f"{where} rejected the request (HTTP {status}: {exc.message[:120]})",
            "check OPENAI_MODEL; lower [scoring] batch_size or description_chars",
        )
    if isinstance(exc, openai.OpenAIError):
        return LLMCallError(f"LLM client error ({exc})", "check the OPENAI_* settings", fatal=True)
    raise exc


class LLMClient:
    """One run's connection to the server: remembers which response format it accepts, counts usage."""

    # Structured output first; JSON mode for servers without json_schema; plain text as a last resort.
    _FORMATS: tuple[dict[str, Any] | None, ...] = (JSON_SCHEMA_FORMAT, JSON_MODE_FORMAT, None)

    def __init__(self, settings: LLMSettings, cfg: ScoringConfig) -> None:
        self.settings = settings
        self.cfg = cfg
        self.requests = 0
        self.prompt_tokens = 0
        self.completion_tokens = 0
        self.format_index = 0
        self.fatal: LLMCallError | None = None
        import openai

        # A local server (Ollama, vLLM) may need no key, but the SDK insists on one.
        self._client = openai.AsyncOpenAI(
            api_key=settings.api_key or "no-key-needed",
            base_url=settings.base_url,
            timeout=cfg.timeout,
            max_retries=0,
        )

    async def complete(self, system: str, user: str) -> Completion:
        """One reply to the two-message prompt; raises LLMCallError."""
        import openai

        while True:
            index = self.format_index
            fmt = self._FORMATS[index]
            kwargs: dict[str, Any] = {"response_format": fmt} if fmt else {}
            self.requests += 1
            try:
                response = await self._client.chat.completions.create(
                    model=self.settings.model,
                    messages=[{"role": "system", "content": system}, {"role": "user", "content": user}],
                    temperature=self.cfg.temperature,
                    **kwargs,
                )
            except openai.APIStatusError as exc:
                if exc.status_code in (400, 422) and fmt is not None and _rejects_format(exc):
                    # Concurrent requests may all learn this at once; never step back to a rejected one.
                    self.format_index = max(self.format_index, index + 1)
                    continue
                raise classify(exc, self.settings, self.cfg) from exc
            except openai.OpenAIError as exc:
                raise classify(exc, self.settings, self.cfg) from exc
            usage = response.usage
            if usage is not None:
                self.prompt_tokens += usage.prompt_tokens or 0
                self.completion_tokens += usage.completion_tokens or 0
            choice = response.choices[0] if response.choices else None
            return Completion(
                content=choice.message.content if choice else None,
                prompt_tokens=usage.prompt_tokens if usage else 0,
                completion_tokens=usage.completion_tokens if usage else 0,
            )

    async def aclose(self) -> None:
        await self._client.close()
