"""Small strict readers for environment variables (used by config.settings)."""
import os

from django.core.exceptions import ImproperlyConfigured


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    if raw.lower() == "true":
        return True
    if raw.lower() == "false":
        return False
    raise ImproperlyConfigured(f"{name} must be 'true' or 'false', not {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_required(name: str, why: str, *, refused: tuple[str, ...] = ()) -> str:
    """A value that must be set (and must not be one of `refused`); the error says why."""
    raw = os.environ.get(name, "")
    if raw == "" or raw in refused:
        raise ImproperlyConfigured(f"{name} must be set {why}")
    return raw


def env_header_value(name: str) -> tuple[str, str] | None:
    """A request header and the value that marks it, as "HTTP_X_FORWARDED_PROTO,https" (the
    header as Django's request.META names it); None when unset."""
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return None
    parts = [part.strip() for part in raw.split(",")]
    if len(parts) != 2 or not parts[0].startswith("HTTP_") or not parts[1]:
        raise ImproperlyConfigured(
            f"{name} must be a request header as Django names it and its value, separated by a "
            f"comma (e.g. HTTP_X_FORWARDED_PROTO,https), not {raw!r}")
    return parts[0], parts[1]
