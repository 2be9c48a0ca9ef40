"""Currency: points or real money with exact decimal arithmetic.

Values are rounded to the configured number of decimal places when created (oTree's rule), and
arithmetic between Currency and numbers stays Currency, so `c(10) / 3` is `c(3)` in whole points.
"""
from __future__ import annotations

from collections.abc import Iterator, Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings


def _places() -> int:
    if settings.USE_POINTS:
        return int(settings.POINTS_DECIMAL_PLACES)
    return int(settings.REAL_WORLD_CURRENCY_DECIMAL_PLACES)


def to_decimal(value: Any) -> Decimal:
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        # repr gives the shortest string that round-trips, so 0.1 stays 0.1.
        return Decimal(repr(value))
    return Decimal(value)


class Currency(Decimal):
    def __new__(cls, value: Any = 0) -> Currency:
        if value is None:
            value = 0
        quantum = Decimal(1).scaleb(-_places())
        rounded = to_decimal(value).quantize(quantum, rounding=ROUND_HALF_UP)
        return super().__new__(cls, rounded)

    def __str__(self) -> str:
        if settings.USE_POINTS:
            number = format(Decimal(self), "f")
            unit = settings.POINTS_CUSTOM_NAME
            if unit == "points" and Decimal(self) == 1:
                unit = "point"
            return f"{number} {unit}"
        return f"{format(Decimal(self), 'f')} {settings.REAL_WORLD_CURRENCY_CODE}"

    def __repr__(self) -> str:
        return f"Currency({format(Decimal(self), 'f')})"

    def __format__(self, spec: str, context: Any = None) -> str:
        if spec:
            return format(Decimal(self), spec)
        return str(self)

    def __hash__(self) -> int:
        return Decimal.__hash__(self)

    def to_real_world_currency(self, session: Any) -> Decimal:
        rate = to_decimal(session.config.get("real_world_currency_per_point", "0.01"))
        return money(Decimal(self) * rate if settings.USE_POINTS else Decimal(self))


def _money_places() -> int:
    return int(settings.REAL_WORLD_CURRENCY_DECIMAL_PLACES)


def money(value: Decimal) -> Decimal:
    """Real money, rounded to the currency's decimal places."""
    return value.quantize(Decimal(1).scaleb(-_money_places()), rounding=ROUND_HALF_UP)


def money_from_minor_units(units: int) -> Decimal:
    """Minor units as money: 1000 is 10.00 with 2 decimal places, 1000 with 0, 1.000 with 3."""
    return money(Decimal(units).scaleb(-_money_places()))


def money_to_minor_units(value: Decimal) -> int:
    """Money as a whole number of minor units (rounded half up to the currency's places)."""
    return int(money(value).scaleb(_money_places()))


# Codes shown with a symbol before the amount ("€12.50"). Any other code follows the amount
# ("12.50 CHF"): a symbol is used only where it names one currency unambiguously in English
# text ("$" is the US dollar's; other dollars keep their code).
CURRENCY_SYMBOLS = {
    "EUR": "€", "USD": "$", "GBP": "£", "JPY": "¥", "CNY": "¥", "INR": "₹", "KRW": "₩",
    "ILS": "₪", "NGN": "₦", "PHP": "₱", "VND": "₫", "UAH": "₴", "TRY": "₺", "RUB": "₽",
}


def format_money(amount: Decimal, code: str | None = None) -> str:
    """Money as people read it: "€12.50", "-€0.40"; a code without a symbol follows the amount
    ("12.50 CHF"). Rounded to the currency's decimal places; no thousands separators."""
    code = (code or settings.REAL_WORLD_CURRENCY_CODE).upper()
    rounded = money(Decimal(amount))
    number = format(abs(rounded), "f")
    symbol = CURRENCY_SYMBOLS.get(code)
    if symbol is None:
        return f"{format(rounded, 'f')} {code}"
    return f"-{symbol}{number}" if rounded < 0 else f"{symbol}{number}"


class Money(Decimal):
    """Real money: an exact Decimal rounded to the currency's places whose str() is formatted
    with the currency's symbol (format_money), so a template shows "€13.50". Arithmetic on it
    gives plain Decimals."""

    def __new__(cls, value: Any = 0) -> Money:
        return super().__new__(cls, money(to_decimal(value if value is not None else 0)))

    def __str__(self) -> str:
        return format_money(Decimal(self))

    def __repr__(self) -> str:
        return f"Money({format(Decimal(self), 'f')})"

    def __format__(self, spec: str, context: Any = None) -> str:
        return format(Decimal(self), spec) if spec else str(self)

    def __hash__(self) -> int:
        return Decimal.__hash__(self)

    @property
    def amount(self) -> str:
        """The bare number, as files for payment platforms want it ("13.50")."""
        return format(Decimal(self), "f")


def payment_minor_units(*, payoff: Decimal, config: Mapping[str, Any]) -> int:
    """What a participant is paid, in minor units: the session's fixed_pay (minor units) plus the
    payoff in real money (points at real_world_currency_per_point, or money as is without points).

    The one place payments are computed: the stored payment and the participant's
    payoff_plus_participation_fee() both come from here, so they cannot disagree."""
    earned = Decimal(payoff)
    if settings.USE_POINTS:
        earned *= to_decimal(config.get("real_world_currency_per_point", "0.01"))
    return int(config.get("fixed_pay", 0)) + money_to_minor_units(earned)


def _wrap(name: str, reflected: bool = False) -> None:
    base = getattr(Decimal, name)

    def method(self: Currency, other: Any) -> Any:
        if isinstance(other, float):
            other = to_decimal(other)
        result = base(Decimal(self), other)
        if result is NotImplemented:
            return result
        return Currency(result)

    setattr(Currency, name, method)


for _name in ("__add__", "__radd__", "__sub__", "__rsub__", "__mul__", "__rmul__",
              "__truediv__", "__rtruediv__", "__floordiv__", "__mod__", "__pow__"):
    _wrap(_name)


def _unary(name: str) -> None:
    base = getattr(Decimal, name)
    setattr(Currency, name, lambda self: Currency(base(Decimal(self))))


for _name in ("__neg__", "__pos__", "__abs__"):
    _unary(_name)


def _compare(name: str) -> None:
    base = getattr(Decimal, name)

    def method(self: Currency, other: Any) -> Any:
        if isinstance(other, float):
            other = to_decimal(other)
        return base(Decimal(self), other)

    setattr(Currency, name, method)


for _name in ("__eq__", "__ne__", "__lt__", "__le__", "__gt__", "__ge__"):
    _compare(_name)


def currency_range(first: Any, last: Any, increment: Any) -> list[Currency]:
    """Inclusive range of Currency values, like oTree's `currency_range`."""
    return list(_currency_steps(Currency(first), Currency(last), Currency(increment)))


def _currency_steps(first: Currency, last: Currency, step: Currency) -> Iterator[Currency]:
    if step == 0:
        raise ValueError("currency_range: increment must not be zero")
    value = first
    while (value <= last) if step > 0 else (value >= last):
        yield value
        value = Currency(value + step)
