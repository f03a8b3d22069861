"""Units of distance in one place: kilometres inside the package, km or miles on screen.

Every distance the model stores is in kilometres (``distance_km``, ``planned_km``). A person may
read and type miles; the conversions below are the only place where the factor lives, used by
the log reader, the planner, the figures and the apps alike.
"""

from __future__ import annotations

from hamstring_edu.errors import OptionError
from hamstring_edu.validation import shown

KM_PER_MILE = 1.609344  # international mile, exactly
UNITS = ("km", "mi")
UNIT_NAMES = {"km": "km", "mi": "miles"}
MEASURE_UNITS = {
    "distance": None,
    "duration": "min",
    "srpe": "AU (RPE x min)",
    "trimp": "AU (TRIMP)",
}


def check_units(units: object, *, name: str = "units") -> str:
    """``units`` itself if it is "km" or "mi"; otherwise an OptionError that says so."""
    if not isinstance(units, str) or units not in UNITS:
        raise OptionError(f"{name} must be 'km' or 'mi', got {shown(units)}", field=name)
    return units


def km_per_unit(units: str) -> float:
    """How many kilometres one ``units`` is (1 for km, 1.609344 for miles)."""
    return KM_PER_MILE if check_units(units) == "mi" else 1.0


def to_km(value: float, units: str) -> float:
    """A distance given in ``units`` ("km" or "mi") in kilometres."""
    return value * km_per_unit(units)


def from_km(km: float, units: str) -> float:
    """A distance in kilometres expressed in ``units`` ("km" or "mi")."""
    return km / km_per_unit(units)


def unit_label(measure: str, units: str = "km") -> str:
    """The unit a load measure is shown in: the distance unit, "min", "AU (RPE x min)", "AU
    (TRIMP)", or for a column the user brought (``column:tss``) the column's own name."""
    if measure.startswith("column:"):
        return measure.removeprefix("column:")
    label = MEASURE_UNITS.get(measure, "")
    return check_units(units) if label is None else label
