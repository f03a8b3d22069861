"""ipywidgets apps: one class per app, wiring inputs to the model and the figures.

Importing this package loads ipywidgets (and plotly through the figures); ``import
hamstring_edu`` alone does not. Apps hold no rules: handlers read inputs, call the model,
and update figures or outputs; errors from the model show as a visible message.
"""

from hamstring_edu.widgets.browser_kernel import keep_none_in_widget_messages

keep_none_in_widget_messages()
