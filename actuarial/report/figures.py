"""matplotlib figures for the report, drawn off-screen (Agg) and returned as inline SVG text."""

from __future__ import annotations

import io


def new_figure(width: float = 7.0, height: float = 3.6):
    """(figure, axis) of one chart, on the Agg backend (no display needed)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt.subplots(figsize=(width, height))


def svg_text(figure) -> str:
    """The figure as an ``<svg>`` element (the XML prologue cut), the figure closed."""
    import matplotlib.pyplot as plt

    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight")
    plt.close(figure)
    text = buffer.getvalue()
    return text[text.index("<svg"):]


__all__ = ["new_figure", "svg_text"]
