"""tribrata-extract: structured, source-grounded event records from Indonesian police press releases.

Data flows one way through one module per stage::

    ingest -> clean -> nlp -> normalize -> events -> io

with ``evaluate``, ``report`` and ``cli`` on top. ``pipeline`` runs the stages for one
document; ``batch`` streams many documents through it.
"""

__version__ = "0.1.0"
