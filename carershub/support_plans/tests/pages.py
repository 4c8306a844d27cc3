"""What the support plan page tests share: a date typed into the three boxes of a GOV.UK date input."""


def date_typed(prefix: str, day: object) -> dict[str, str]:
    return {f"{prefix}_day": str(day.day), f"{prefix}_month": str(day.month), f"{prefix}_year": str(day.year)}  # type: ignore[attr-defined]
