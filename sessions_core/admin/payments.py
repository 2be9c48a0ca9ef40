"""The payments page of a session: what each participant is paid, totals, files to pay with.

Reads session_payments (sessions_core/lifecycle/payoffs.py), the one computation of payments;
the page prints (print CSS), the CSV and the online panels' bonus files carry the same amounts.
"""
from __future__ import annotations

from functools import partial

from django.contrib import admin
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path

from sessions_core.admin.monitor import viewable_session
from sessions_core.lifecycle.payoffs import (
    BONUS_PANELS,
    payments_bonus_file,
    payments_csv,
    session_payments,
)
from sessions_core.models import Session

# The currencies each panel pays bonuses in (a bonus file in another currency is warned about).
PANEL_CURRENCIES = {"prolific": ("GBP", "USD"), "mturk": ("USD",)}


def urls(model_admin: admin.ModelAdmin) -> list[URLPattern]:
    """The payments page's URLs, under the session's admin (SessionAdmin.get_urls)."""
    view = model_admin.admin_site.admin_view
    return [
        path("<int:pk>/payments/", view(partial(payments_view, model_admin)),
             name="sessions_core_session_payments"),
        path("<int:pk>/payments/csv/", view(partial(payments_csv_view, model_admin)),
             name="sessions_core_session_payments_csv"),
        path("<int:pk>/payments/bonus/<str:panel>/", view(partial(bonus_view, model_admin)),
             name="sessions_core_session_payments_bonus"),
    ]


def payments_view(model_admin: admin.ModelAdmin, request: HttpRequest, pk: int) -> HttpResponse:
    session = viewable_session(model_admin, request, pk)
    payments = session_payments(session=session)
    warnings = [f"The {panel} bonus file is in {payments.currency_code}, but {panel} pays "
                f"bonuses in {' or '.join(codes)}: convert the amounts before uploading."
                for panel, codes in PANEL_CURRENCIES.items()
                if payments.currency_code not in codes]
    return render(request, "admin/quorum/payments.html", {
        **model_admin.admin_site.each_context(request), "opts": Session._meta,
        "title": f"Payments: session {session.name}", "session": session, "tab": "payments",
        "payments": payments, "panels": BONUS_PANELS, "panel_warnings": warnings,
        "unlabelled": sum(1 for r in payments.rows if not r.label),
    })


def _attachment(text: str, filename: str) -> HttpResponse:
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def payments_csv_view(model_admin: admin.ModelAdmin, request: HttpRequest,
                      pk: int) -> HttpResponse:
    session = viewable_session(model_admin, request, pk)
    return _attachment(payments_csv(payments=session_payments(session=session)),
                       f"payments-{session.name}.csv")


def bonus_view(model_admin: admin.ModelAdmin, request: HttpRequest, pk: int,
               panel: str) -> HttpResponse:
    session = viewable_session(model_admin, request, pk)
    if panel not in BONUS_PANELS:
        raise Http404(f"no bonus file for {panel!r}: choose one of {', '.join(BONUS_PANELS)}")
    text = payments_bonus_file(payments=session_payments(session=session), panel=panel)
    return _attachment(text, f"bonus-{panel}-{session.name}.csv")
