"""The recognisers: one spaCy component per entity type, each in its own module.

==================  ==========================  =======================================
component           module                      adds
==================  ==========================  =======================================
tribrata_clean      ``sentences``               the document's state (masked text, title)
tribrata_sentences  ``sentences``               sentence starts
tribrata_units      ``units``                   UNIT
tribrata_officers   ``officers``                OFFICER
tribrata_places     ``places``                  PLACE (reads the UNITs)
tribrata_dates      ``dates``                   DATE, TIME; weekdays alone, campaign days
tribrata_counts     ``counts``                  COUNT
tribrata_politics   ``politics``                CANDIDATE, PARTY
tribrata_operations ``operations``              OPERATION
tribrata_event_type ``event_types``             event-type scores in ``doc.cats``
==================  ==========================  =======================================

Importing this package registers every factory; the order and settings of the pipeline
are in ``extract/data/pipeline.cfg`` (read by :func:`extract.nlp.build_nlp`).
"""

from . import counts, dates, event_types, officers, operations, places, politics, sentences, units
from .base import Recognizer, check_order

__all__ = ["Recognizer", "check_order", "counts", "dates", "event_types", "officers", "operations", "places",
           "politics", "sentences", "units"]
