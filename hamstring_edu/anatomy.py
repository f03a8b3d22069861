"""The hamstrings for the anatomy primer: muscles, a schematic skeleton, a stride's positions.

Read from ``data/anatomy.toml`` and validated. :func:`stride_geometry` places a schematic leg
in each illustrative stride position (side view) and measures the straight line from the sitting
bone to the hamstrings' attachment below the knee: a two-joint muscle is lengthened by bending
the hip and by straightening the knee, so the line is longest when both happen at once.
The coordinates and angles are a schematic for teaching, not measurements.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hamstring_edu import schema
from hamstring_edu.content import data_dir
from hamstring_edu.errors import ContentError
from hamstring_edu.schema import REQUIRED, check_entries, read_toml
from hamstring_edu.teaching import check_citations

if TYPE_CHECKING:
    import pandas as pd

JOINTS = ("hip", "knee")


@dataclass(frozen=True)
class Muscle:
    """One hamstring muscle (or head): where it starts and ends, which joints it crosses."""

    id: str
    name: str
    origin: str
    insertion: str
    crosses: tuple[str, ...]
    side: str
    origin_xy: tuple[float, float]
    insertion_xy: tuple[float, float]


@dataclass(frozen=True)
class Bone:
    """A bone of the schematic back view, as a line through its points (cm)."""

    id: str
    name: str
    points: tuple[tuple[float, float], ...]


@dataclass(frozen=True)
class Position:
    """An illustrative leg position of a running stride (side view, degrees)."""

    id: str
    name: str
    hip_deg: float
    knee_deg: float
    note: str


@dataclass(frozen=True)
class Condition:
    """A kind of trouble at the back of the thigh: how it starts, where, the first step."""

    id: str
    name: str
    onset: str
    where: str
    first_step: str
    refs: tuple[str, ...]


@dataclass(frozen=True)
class Anatomy:
    """Everything the primer draws and tabulates."""

    muscles: tuple[Muscle, ...]
    bones: tuple[Bone, ...]
    landmarks: dict[str, tuple[float, float]]
    stride: dict[str, Any]
    positions: tuple[Position, ...]
    conditions: tuple[Condition, ...]


def _point(v: Any) -> tuple[float, float]:
    if not isinstance(v, list) or len(v) != 2:
        raise ValueError("expected a point [x, y]")
    return (schema.number(v[0]), schema.number(v[1]))


def _points(v: Any) -> tuple[tuple[float, float], ...]:
    if not isinstance(v, list) or len(v) < 2:
        raise ValueError("expected a list of at least two points [x, y]")
    return tuple(_point(p) for p in v)


def _joints(v: Any) -> tuple[str, ...]:
    items = schema.texts(v)
    if not items or set(items) - set(JOINTS):
        raise ValueError(f"expected a list of joints from {', '.join(JOINTS)}")
    return items


_MUSCLE = {
    "id": (schema.ident, REQUIRED),
    "name": (schema.text, REQUIRED),
    "origin": (schema.text, REQUIRED),
    "insertion": (schema.text, REQUIRED),
    "crosses": (_joints, REQUIRED),
    "side": (schema.one_of(("inner", "outer")), REQUIRED),
    "origin_xy": (_point, REQUIRED),
    "insertion_xy": (_point, REQUIRED),
}
_BONE = {
    "id": (schema.ident, REQUIRED),
    "name": (schema.text, REQUIRED),
    "points": (_points, REQUIRED),
}
_POSITION = {
    "id": (schema.ident, REQUIRED),
    "name": (schema.text, REQUIRED),
    "hip_deg": (schema.number, REQUIRED),
    "knee_deg": (schema.number, REQUIRED),
    "note": (schema.text, REQUIRED),
}
_CONDITION = {
    "id": (schema.ident, REQUIRED),
    "name": (schema.text, REQUIRED),
    "onset": (schema.text, REQUIRED),
    "where": (schema.text, REQUIRED),
    "first_step": (schema.text, REQUIRED),
    "refs": (schema.count(1, 4, schema.idents), REQUIRED),
}
_STRIDE = ("thigh_cm", "shank_cm", "insertion_below_knee_cm", "insertion_behind_cm")


def load_anatomy() -> Anatomy:
    """The validated anatomy content (cached until the file changes)."""
    path = data_dir() / "anatomy.toml"
    return _load(path, path.stat().st_mtime_ns if path.is_file() else 0)


@functools.lru_cache(maxsize=2)
def _load(path: Path, _stamp: int) -> Anatomy:
    doc = read_toml(path)
    known = {"muscle", "bone", "landmark", "stride", "position", "condition"}
    if set(doc) - known:
        raise ContentError(f"unexpected key(s) {sorted(set(doc) - known)}", file=path)
    muscles = tuple(Muscle(**m) for m in check_entries(doc, "muscle", _MUSCLE, file=path))
    bones = tuple(Bone(**b) for b in check_entries(doc, "bone", _BONE, file=path))
    positions = tuple(Position(**p) for p in check_entries(doc, "position", _POSITION, file=path))
    conditions = []
    for c in check_entries(doc, "condition", _CONDITION, file=path):
        check_citations(c["where"], c["refs"], file=path, entry=f"[[condition]] {c['id']!r}")
        conditions.append(Condition(**c))
    try:
        landmarks = {k: _point(v) for k, v in doc.get("landmark", {}).items()}
        raw = doc.get("stride", {})
        stride: dict[str, Any] = {k: schema.positive_number(raw[k]) for k in _STRIDE}
        stride["sitting_bone_cm"] = _point(raw["sitting_bone_cm"])
    except (KeyError, ValueError) as exc:
        raise ContentError(
            f"[stride] or [landmark] is incomplete or wrong: {exc}", file=path
        ) from None
    if "standing" not in {p.id for p in positions}:
        raise ContentError("a position with id 'standing' is the reference length", file=path)
    return Anatomy(muscles, bones, landmarks, stride, positions, tuple(conditions))


def leg_points(anatomy: Anatomy, hip_deg: float, knee_deg: float) -> dict[str, tuple[float, float]]:
    """The schematic leg in one position (side view, cm, x forward, hip joint at 0, 0): hip,
    knee, ankle, the sitting bone and the hamstrings' attachment below the knee."""
    s = anatomy.stride
    h, a = math.radians(hip_deg), math.radians(hip_deg - knee_deg)
    knee = (s["thigh_cm"] * math.sin(h), -s["thigh_cm"] * math.cos(h))
    ankle = (knee[0] + s["shank_cm"] * math.sin(a), knee[1] - s["shank_cm"] * math.cos(a))
    down, back = s["insertion_below_knee_cm"], s["insertion_behind_cm"]
    insertion = (
        knee[0] + down * math.sin(a) - back * math.cos(a),
        knee[1] - down * math.cos(a) - back * math.sin(a),
    )
    return {
        "hip": (0.0, 0.0),
        "knee": knee,
        "ankle": ankle,
        "sitting_bone": s["sitting_bone_cm"],
        "insertion": insertion,
    }


def stride_geometry(anatomy: Anatomy | None = None) -> pd.DataFrame:
    """One row per stride position: angles, the leg's points, and the sitting-bone-to-knee line
    (``length_cm``, and ``length_pct`` of its standing length)."""
    import pandas as pd

    anatomy = anatomy or load_anatomy()
    rows = []
    for p in anatomy.positions:
        pts = leg_points(anatomy, p.hip_deg, p.knee_deg)
        (x0, y0), (x1, y1) = pts["sitting_bone"], pts["insertion"]
        rows.append(
            {
                "id": p.id,
                "position": p.name,
                "hip_deg": p.hip_deg,
                "knee_deg": p.knee_deg,
                "length_cm": math.hypot(x1 - x0, y1 - y0),
                "note": p.note,
                **{f"{k}_x": v[0] for k, v in pts.items()},
                **{f"{k}_y": v[1] for k, v in pts.items()},
            }
        )
    frame = pd.DataFrame(rows)
    standing = frame.loc[frame["id"] == "standing", "length_cm"].iloc[0]
    frame["length_pct"] = 100 * frame["length_cm"] / standing
    return frame


def muscles_frame(anatomy: Anatomy | None = None) -> pd.DataFrame:
    """One row per muscle: where it starts and ends, which joints it crosses."""
    import pandas as pd

    anatomy = anatomy or load_anatomy()
    return pd.DataFrame(
        [
            {
                "muscle": m.name,
                "starts at": m.origin,
                "ends at": m.insertion,
                "crosses": " and ".join(m.crosses),
            }
            for m in anatomy.muscles
        ]
    )


def conditions_frame(anatomy: Anatomy | None = None) -> pd.DataFrame:
    """One row per kind of trouble: how it starts, where, the first step, sources."""
    import pandas as pd

    anatomy = anatomy or load_anatomy()
    return pd.DataFrame(
        [
            {
                "what": c.name,
                "how it starts": c.onset,
                "where": c.where,
                "first step": c.first_step,
                "refs": ", ".join(c.refs),
            }
            for c in anatomy.conditions
        ]
    )


__all__ = [
    "Anatomy",
    "Bone",
    "Condition",
    "Muscle",
    "Position",
    "conditions_frame",
    "leg_points",
    "load_anatomy",
    "muscles_frame",
    "stride_geometry",
]
