"""Admin reports: each app's numeric fields, their distribution per round, drawn as inline SVG.

The default report of an app has one chart per numeric field of its Player and Group models
(payoff included) and per round: a bar per value when a round has few distinct values, else a
histogram of HISTOGRAM_BINS equal bins. Charts are drawn here, server-side, as SVG text: no
chart library and no network. An app's own report (Subsession.vars_for_admin_report and its
admin_report.html) is rendered by the admin page (sessions_core/admin/reports.py).
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from sessions_core.experimenter.registry import ExperimentApp, experiment_app
from sessions_core.models import Session

HISTOGRAM_BINS = 10
MAX_BARS = 12  # distinct values drawn one bar each; more become a histogram
# Fields every player or group has that are bookkeeping, not data.
BOOKKEEPING = {"id", "round_number", "id_in_group", "id_in_subsession"}
WIDTH, HEIGHT, MARGIN_LEFT, MARGIN_BOTTOM, MARGIN_TOP = 280, 150, 34, 34, 18


@dataclass(frozen=True)
class Bar:
    label: str  # the value, or the bin's range
    count: int
    tick: str = ""  # what the axis shows under the bar (default: the label)


@dataclass(frozen=True)
class RoundChart:
    round_number: int
    values: list[float]
    bars: list[Bar]

    @property
    def count(self) -> int:
        return len(self.values)

    @property
    def mean(self) -> float | None:
        return sum(self.values) / len(self.values) if self.values else None

    @property
    def svg(self) -> SafeString:
        return chart_svg(self.bars, title=f"round {self.round_number} (n={self.count})")


@dataclass(frozen=True)
class FieldReport:
    model: str  # "player" or "group"
    name: str
    label: str
    rounds: list[RoundChart]


def numeric_fields(model: type[models.Model]) -> list[models.Field]:
    """The model's numeric fields that hold data (not keys or bookkeeping)."""
    return [f for f in model._meta.concrete_fields
            if isinstance(f, (models.IntegerField, models.FloatField, models.DecimalField))
            and not f.is_relation and f.name not in BOOKKEEPING]


def app_field_reports(*, session: Session, app_label: str) -> list[FieldReport]:
    """Every numeric field of the app's players and groups, with a chart per round."""
    app = experiment_app(app_label)
    reports = []
    for kind, model in (("player", app.Player), ("group", app.Group)):
        for model_field in numeric_fields(model):
            reports.append(FieldReport(model=kind, name=model_field.name,
                                       label=str(model_field.verbose_name),
                                       rounds=_rounds(session, app, model, model_field.name)))
    return reports


def _rounds(session: Session, app: ExperimentApp, model: Any, name: str) -> list[RoundChart]:
    by_round: dict[int, list[float]] = {n: [] for n in range(1, app.num_rounds + 1)}
    rows = (model.objects.filter(session_id=session.pk, **{f"{name}__isnull": False})
            .values_list("round_number", name))
    for round_number, value in rows:
        by_round.setdefault(round_number, []).append(float(value))
    return [RoundChart(round_number=n, values=values, bars=distribution(values))
            for n, values in sorted(by_round.items())]


def distribution(values: list[float]) -> list[Bar]:
    """A bar per distinct value (up to MAX_BARS), else HISTOGRAM_BINS equal bins."""
    if not values:
        return []
    counts = Counter(values)
    if len(counts) <= MAX_BARS:
        return [Bar(_number(v), counts[v]) for v in sorted(counts)]
    low, high = min(values), max(values)
    width = (high - low) / HISTOGRAM_BINS
    bins = [0] * HISTOGRAM_BINS
    for value in values:
        bins[min(int((value - low) / width), HISTOGRAM_BINS - 1)] += 1
    return [Bar(f"{_number(low + i * width)}–{_number(low + (i + 1) * width)}", n,
                tick=_number(low + i * width)) for i, n in enumerate(bins)]


def _number(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.3g}"


def chart_svg(bars: list[Bar], *, title: str) -> SafeString:
    """A bar chart as inline SVG (every text escaped), with its title and a count axis."""
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="quorum-chart" role="img" '
             f'width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}">',
             f'<title>{escape(title)}</title>',
             f'<text x="{WIDTH / 2}" y="12" text-anchor="middle" font-size="11">'
             f'{escape(title)}</text>']
    if not bars:
        parts.append(f'<text x="{WIDTH / 2}" y="{HEIGHT / 2}" text-anchor="middle" '
                     f'font-size="11" fill="#888">no values</text></svg>')
        return mark_safe("".join(parts))  # noqa: S308  (built here, every text escaped)
    top = max(bar.count for bar in bars)
    plot_w, plot_h = WIDTH - MARGIN_LEFT - 6, HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
    step = plot_w / len(bars)
    base = MARGIN_TOP + plot_h
    parts += [f'<line x1="{MARGIN_LEFT}" y1="{base}" x2="{WIDTH - 6}" y2="{base}" stroke="#888"/>',
              f'<text x="{MARGIN_LEFT - 4}" y="{MARGIN_TOP + 8}" text-anchor="end" '
              f'font-size="10">{top}</text>',
              f'<text x="{MARGIN_LEFT - 4}" y="{base}" text-anchor="end" font-size="10">0</text>']
    for i, bar in enumerate(bars):
        height = plot_h * bar.count / top
        x = MARGIN_LEFT + i * step
        parts.append(f'<rect x="{x + 1:.1f}" y="{base - height:.1f}" width="{max(step - 2, 1):.1f}" '
                     f'height="{height:.1f}" fill="#417690"><title>{escape(bar.label)}: '
                     f'{bar.count}</title></rect>')
        if i % max(1, len(bars) // 6) == 0:  # at most about six ticks fit
            parts.append(f'<text x="{x + step / 2:.1f}" y="{base + 12}" text-anchor="middle" '
                         f'font-size="9">{escape(bar.tick or bar.label)}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308  (built here, every text escaped)
