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
tribrata_ner        ``ner``                     OFFICER, CANDIDATE, PLACE a trained NER proposes
tribrata_textcat    ``textcat``                 a trained classifier mixed into ``doc.cats``
==================  ==========================  =======================================

The last two are not in the default pipeline: ``extract.nlp.Models`` adds them (``tribrata
extract --ner``, ``--textcat-model``); see ``models/README.md``.

Importing this package registers every factory; the order and settings of the pipeline
are in ``extract/data/pipeline.cfg`` (read by :func:`extract.nlp.build_nlp`).
"""

from . import counts, dates, event_types, ner, officers, operations, places, politics, sentences, textcat, units
from .base import Recognizer, check_order

__all__ = ["Recognizer", "check_order", "counts", "dates", "event_types", "ner", "officers", "operations", "places",
           "politics", "sentences", "textcat", "units"]
