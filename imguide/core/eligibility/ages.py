"""Ages and the dates the age rules turn on: the one place the guide counts years."""

from __future__ import annotations

from datetime import date


def age_on(born: date, day: date) -> int:
    """Completed years on `day`."""
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def add_years(day: date, years: int) -> date:
    """The same day `years` later; 29 February becomes 1 March in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return date(day.year + years, 3, 1)
