"""Text written into spreadsheets and CSV files: never let a cell become a formula (CSV/Excel injection)."""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def sheet_text(value):
    """Prefix text that a spreadsheet would run as a formula with an apostrophe; other values pass unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
