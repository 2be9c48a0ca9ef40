"""Users with exactly the Django model permissions a test names ("app_label.codename")."""
from __future__ import annotations

import uuid
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

# Every model permission the rooms and sessions pages and the API may ask for.
MODEL_PERMISSIONS = tuple(f"{app}.{action}_{model}" for app, model in
                          [("rooms", "room"), ("sessions_core", "session")]
                          for action in ("view", "add", "change", "delete"))


def grant(user: Any, *permissions: str) -> Any:
    """Give a user these permissions; returns the user fresh (Django caches permissions)."""
    for permission in permissions:
        app_label, codename = permission.split(".")
        user.user_permissions.add(Permission.objects.get(content_type__app_label=app_label,
                                                         codename=codename))
    return get_user_model().objects.get(pk=user.pk)


def staff_with(*permissions: str, staff: bool = True) -> Any:
    user = get_user_model().objects.create_user(f"user-{uuid.uuid4().hex[:10]}", is_staff=staff)
    return grant(user, *permissions)


def token_client(user: Any) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


def admin_client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client
