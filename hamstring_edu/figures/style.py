"""The figures' shared look: a colour-blind-safe palette and a common layout."""

from __future__ import annotations

import plotly.graph_objects as go

# Okabe & Ito's colour-blind-safe palette (no red/green pair).
OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "grey": "#999999",
}
SEQUENCE = [
    OKABE_ITO[k] for k in ("blue", "orange", "green", "vermillion", "purple", "sky", "yellow")
]
CAUSE_COLOURS = {
    "overuse": OKABE_ITO["vermillion"],
    "imbalance": OKABE_ITO["blue"],
    "technique": OKABE_ITO["orange"],
    "tightness": OKABE_ITO["green"],
    "warmup_cooldown": OKABE_ITO["purple"],
    "recovery": OKABE_ITO["sky"],
}
VERDICT_COLOURS = {
    "supported": OKABE_ITO["blue"],
    "partly_supported": OKABE_ITO["sky"],
    "contested": OKABE_ITO["orange"],
    "not_supported": OKABE_ITO["vermillion"],
    "not_verified": OKABE_ITO["grey"],
    None: OKABE_ITO["grey"],
}


def styled(
    fig: go.Figure,
    *,
    title: str,
    x_title: str | None = None,
    y_title: str | None = None,
    height: int = 420,
) -> go.Figure:
    """The figure with the house layout: title, axis titles with units, readable hover."""
    fig.update_layout(
        title={"text": title, "x": 0.01, "xanchor": "left"},
        template="plotly_white",
        colorway=SEQUENCE,
        height=height,
        margin={"l": 60, "r": 20, "t": 60, "b": 50},
        hoverlabel={"namelength": -1},
        font={"size": 13},
    )
    if x_title is not None:
        fig.update_xaxes(title_text=x_title)
    if y_title is not None:
        fig.update_yaxes(title_text=y_title)
    return fig
