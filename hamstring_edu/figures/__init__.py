"""Plotly figure builders: each takes model results and returns a ``plotly.graph_objects.Figure``.

Importing this package loads plotly; ``import hamstring_edu`` alone does not. Figures never read
files or compute rules: they draw what the model returns.
"""
