"""Text classifiers behind one batch-first interface (``base``), found by backend name
(``registry``). Backends import their heavy libraries only when a model is loaded or trained."""
from nlp.classify.base import Classifier, Prediction
from nlp.classify.registry import load_classifier, register_backend

__all__ = ["Classifier", "Prediction", "load_classifier", "register_backend"]
