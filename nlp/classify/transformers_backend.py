"""Hugging Face backend: any sequence-classification checkpoint in a local folder.

A model folder is the checkpoint's own files (config.json, tokenizer files, weights) beside
meta.json. Nothing is ever fetched: every ``from_pretrained`` call is ``local_files_only``.

Text goes through ``nlp.normalize`` and, when meta.json says ``"segmented": true`` (PhoBERT
was pre-trained on pyvi/RDRSegmenter-style words joined by '_'), through ``nlp.segment``.
Inference is batched over texts sorted by length, so a batch pads to similar lengths.

``runtime`` (meta.json or the ``runtime=`` argument of ``load_transformer``) picks the
CPU path: ``torch`` (float32); ``int8`` (PyTorch dynamic quantisation of every Linear layer:
int8 weights, activations quantised on the fly); ``onnx`` (the checkpoint exported once with
torch.export to ``model.onnx`` and run by ONNX Runtime); ``onnx-int8`` (that export with
ONNX Runtime's dynamic int8 quantisation, ``model.int8.onnx``).

torch and transformers are imported inside functions: importing this module registers the
backend and stays cheap.
"""
from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from core.errors import InvalidInput, ModelMissing
from nlp.classify.base import Classifier, Prediction, prediction_from_row
from nlp.classify.registry import META_FILE, read_meta, register_backend
from nlp.normalize import normalize

RUNTIMES = ("torch", "int8", "onnx", "onnx-int8")
ONNX_FILES = {"onnx": "model.onnx", "onnx-int8": "model.int8.onnx"}
WEIGHT_FILES = ("model.safetensors", "pytorch_model.bin")
DEFAULTS: dict[str, Any] = {"max_length": 256, "batch_size": 32, "runtime": "torch", "segmented": False, "threads": None}
_GENERIC_LABEL = re.compile(r"LABEL_\d+")


def prepare_text(text: str, segmented: bool = False) -> str:
    """The model's view of a text: normalised, and words joined by '_' when it was trained so."""
    if not segmented:
        return normalize(text)
    from nlp.segment import segment

    return " ".join(segment(text))


def prepare_texts(texts: Sequence[str], segmented: bool = False) -> list[str]:
    return [prepare_text(text, segmented) for text in texts]


def require_packages(*names: str) -> None:
    """ModelMissing naming the extra to install, rather than an ImportError deep in a load."""
    import importlib.util

    missing = [name for name in names if importlib.util.find_spec(name) is None]
    if missing:
        raise ModelMissing(f"the transformers backend needs {', '.join(missing)}, which is not installed",
                           hint="Install the extra: .venv/bin/pip install -c constraints.txt -e '.[transformers]'")


def checkpoint_labels(config: Any, meta_labels: Sequence[str] | None = None) -> list[str]:
    """Labels in class-index order: the checkpoint's id2label, or meta.json's when the
    checkpoint only has the generic LABEL_0, LABEL_1, … names."""
    id2label = {int(i): str(name) for i, name in config.id2label.items()}
    ordered = [id2label[i] for i in range(len(id2label))]
    if all(_GENERIC_LABEL.fullmatch(name) for name in ordered) and meta_labels:
        if len(meta_labels) != len(ordered):
            raise ModelMissing(f"meta.json lists {len(meta_labels)} labels but the checkpoint has {len(ordered)} classes")
        return list(meta_labels)
    return ordered


@contextmanager
def quiet_transformers() -> Iterator[None]:
    """No per-file progress bars or info chatter while loading or saving a checkpoint."""
    from transformers.utils import logging

    verbosity, bars = logging.get_verbosity(), logging.is_progress_bar_enabled()
    logging.set_verbosity_error()
    logging.disable_progress_bar()
    try:
        yield
    finally:
        logging.set_verbosity(verbosity)
        if bars:
            logging.enable_progress_bar()


def quantize_int8(model: Any) -> Any:
    """Dynamic int8 quantisation of the Linear layers (the bulk of a transformer's compute).
    PyTorch warns that its quantised tensors will go (docs/nlp-transformers.md: prefer onnx-int8)."""
    import warnings

    import torch
    from torch.ao.quantization import quantize_dynamic

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r"torch\.quantize_per_tensor", category=UserWarning)
        return quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8)


@register_backend("transformers")
class TransformersClassifier(Classifier):
    def __init__(self, model: Any, tokenizer: Any, model_id: str, labels: list[str], *, max_length: int,
                 batch_size: int, segmented: bool, runtime: str) -> None:
        self.model, self.tokenizer = model, tokenizer  # model: a torch module, or an OnnxLogits
        self.model_id, self.labels = model_id, labels
        self.max_length, self.batch_size = max_length, batch_size
        self.segmented, self.runtime = segmented, runtime

    @classmethod
    def load(cls, path: Path, meta: dict[str, Any], runtime: str | None = None, threads: int | None = None) -> TransformersClassifier:
        options = {**DEFAULTS, **{k: meta[k] for k in DEFAULTS if k in meta}}
        runtime, threads = runtime or options["runtime"], threads or options["threads"]
        if runtime not in RUNTIMES:
            raise ModelMissing(f"unknown transformers runtime {runtime!r} in {path}", hint=f"Use one of: {', '.join(RUNTIMES)}.")
        require_packages("torch", "transformers", *(["onnxruntime"] if runtime.startswith("onnx") else []))
        from transformers import AutoConfig, AutoTokenizer

        require_checkpoint(path)
        with quiet_transformers():
            tokenizer = AutoTokenizer.from_pretrained(path, local_files_only=True)
            labels = checkpoint_labels(AutoConfig.from_pretrained(path, local_files_only=True), meta.get("labels"))
        if labels != list(meta["labels"]):
            raise ModelMissing(f"{path}/meta.json lists labels {meta['labels']} but the checkpoint has {labels}",
                               hint="Make meta.json's labels the checkpoint's id2label, in class-index order.")
        max_length = min(int(options["max_length"]), tokenizer.model_max_length)  # positions the model has
        return cls(_runtime_model(path, runtime, max_length, threads), tokenizer, meta["model_id"], labels, max_length=max_length,
                   batch_size=int(options["batch_size"]), segmented=bool(options["segmented"]), runtime=runtime)

    def predict(self, texts: Sequence[str]) -> list[Prediction]:
        prepared = prepare_texts(texts, self.segmented)
        order = sorted(range(len(prepared)), key=lambda i: len(prepared[i]))
        rows: list[Any] = [None] * len(prepared)
        for start in range(0, len(order), self.batch_size):
            chunk = order[start:start + self.batch_size]
            for i, row in zip(chunk, self.probabilities([prepared[i] for i in chunk]), strict=True):
                rows[i] = row
        return [prediction_from_row(self.labels, row) for row in rows]

    def probabilities(self, prepared: list[str]) -> list[list[float]]:
        """Class probabilities for one batch of already prepared texts."""
        if self.runtime.startswith("onnx"):
            batch = self.tokenizer(prepared, padding=True, truncation=True, max_length=self.max_length, return_tensors="np")
            return self.model(batch["input_ids"], batch["attention_mask"])
        import torch

        batch = self.tokenizer(prepared, padding=True, truncation=True, max_length=self.max_length, return_tensors="pt")
        with torch.inference_mode():
            logits = self.model(**batch).logits
        return torch.softmax(logits.float(), dim=-1).tolist()


def _runtime_model(path: Path, runtime: str, max_length: int, threads: int | None) -> Any:
    """``threads`` caps intra-op threads: per session for ONNX Runtime, process-wide for PyTorch."""
    if runtime.startswith("onnx"):
        return OnnxLogits(onnx_file(path, runtime, max_length), threads)
    import torch
    from transformers import AutoModelForSequenceClassification

    if threads:
        torch.set_num_threads(int(threads))
    with quiet_transformers():
        model = AutoModelForSequenceClassification.from_pretrained(path, local_files_only=True).eval()
    return quantize_int8(model) if runtime == "int8" else model


class OnnxLogits:
    """An ONNX Runtime session over an exported classifier: token ids and mask in, probabilities out."""

    def __init__(self, model_file: Path, threads: int | None = None) -> None:
        import onnxruntime

        options = onnxruntime.SessionOptions()
        options.log_severity_level = 3
        if threads:
            options.intra_op_num_threads = int(threads)
        self.session = onnxruntime.InferenceSession(str(model_file), options, providers=["CPUExecutionProvider"])

    def __call__(self, input_ids: Any, attention_mask: Any) -> list[list[float]]:
        import numpy as np

        (logits,) = self.session.run(["logits"], {"input_ids": input_ids, "attention_mask": attention_mask})
        exp = np.exp(logits - logits.max(axis=-1, keepdims=True))
        return (exp / exp.sum(axis=-1, keepdims=True)).tolist()


def onnx_file(path: Path, runtime: str, max_length: int) -> Path:
    """The folder's ONNX export for ``runtime`` ('onnx' or 'onnx-int8'), made on first use: it
    is derived from the checkpoint like a cache, so a stale one is rebuilt when the weights are newer."""
    target = path / ONNX_FILES[runtime]
    weights = max((path / name).stat().st_mtime for name in WEIGHT_FILES if (path / name).is_file())
    if target.is_file() and target.stat().st_mtime >= weights:
        return target
    if not os.access(path, os.W_OK):
        raise ModelMissing(f"{target} is missing and {path} is read-only, so it cannot be exported",
                           hint=f"Run once where the folder is writable: python -m nlp.classify.transformers_backend export {path}")
    require_packages("onnx", "onnxscript")
    print(f"exporting {path.name} to {target.name} (once)", file=sys.stderr, flush=True)
    if runtime == "onnx-int8":
        from onnxruntime.quantization import QuantType, quantize_dynamic

        source = onnx_file(path, "onnx", max_length)
        with _quiet_export():
            quantize_dynamic(source, target, weight_type=QuantType.QInt8)
    else:
        export_onnx(path, target, max_length)
    return target


@contextmanager
def _quiet_export() -> Iterator[None]:
    """The exporter's notes (torchvision absent, axis names merged, pre-processing advice) are not actionable here."""
    import logging
    import warnings

    loggers = [logging.getLogger(name) for name in ("torch.onnx", "root", "")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


def export_onnx(path: Path, target: Path, max_length: int) -> Path:
    """torch.export-based ONNX export of the checkpoint's logits, batch size and length dynamic.
    token_type_ids are left at their default (all zeros), as for any single-text classifier."""
    import torch
    from torch.export import Dim
    from transformers import AutoModelForSequenceClassification

    with quiet_transformers():
        model = AutoModelForSequenceClassification.from_pretrained(path, local_files_only=True).eval()

    class Logits(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.model = model

        def forward(self, input_ids: Any, attention_mask: Any) -> Any:
            return self.model(input_ids=input_ids, attention_mask=attention_mask).logits

    example = torch.full((2, 8), 5, dtype=torch.long)
    mask = torch.ones_like(example)
    mask[1, 5:] = 0  # padding in the example, so no "mask is all ones" shortcut is traced into the graph
    dims = {0: Dim("batch", min=1, max=4096), 1: Dim("length", min=2, max=max(max_length, 8))}
    with _quiet_export():
        program = torch.onnx.export(Logits().eval(), (example, mask), dynamo=True, input_names=["input_ids", "attention_mask"],
                                    output_names=["logits"], dynamic_shapes={"input_ids": dims, "attention_mask": dims},
                                    external_data=False, verbose=False)
    partial = target.with_name(target.name + ".part")
    program.save(str(partial))
    partial.replace(target)
    return target


def require_checkpoint(path: Path) -> None:
    if not (path / "config.json").is_file():
        raise ModelMissing(f"{path} has no config.json: not a Hugging Face checkpoint folder")
    if not any((path / name).is_file() for name in WEIGHT_FILES):
        raise ModelMissing(f"{path} has no weights ({' or '.join(WEIGHT_FILES)})",
                           hint="Only the model card and meta.json are committed; rebuild or copy the checkpoint in.")


def load_transformer(path: Path, runtime: str | None = None, threads: int | None = None) -> TransformersClassifier:
    """Load a model folder with a chosen runtime (uncached; ``load_classifier`` uses meta.json's)."""
    path = Path(path).resolve()
    meta = read_meta(path)
    if meta["backend"] != "transformers":
        raise ModelMissing(f"{path} is a {meta['backend']!r} model, not a transformers one")
    return TransformersClassifier.load(path, meta, runtime=runtime, threads=threads)


def adopt_checkpoint(path: Path, task: str, *, segmented: bool = False, runtime: str = "torch",
                     max_length: int = 256, labels: Sequence[str] | None = None) -> dict[str, Any]:
    """Write meta.json into a checkpoint folder made elsewhere (e.g. a PhoBERT fine-tuned by a
    user), so the registry can load it. Labels come from its id2label unless given."""
    from transformers import AutoConfig

    path = Path(path).resolve()
    require_checkpoint(path)
    if runtime not in RUNTIMES:
        raise InvalidInput(f"unknown runtime {runtime!r}", hint=f"Use one of: {', '.join(RUNTIMES)}.")
    config = AutoConfig.from_pretrained(path, local_files_only=True)
    weights = next(name for name in WEIGHT_FILES if (path / name).is_file())
    meta = {"model_id": path.name, "task": task, "backend": "transformers",
            "labels": checkpoint_labels(config, labels), "artifact": weights, "segmented": segmented,
            "runtime": runtime, "max_length": max_length, "model_type": config.model_type}
    (path / META_FILE).write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return meta


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m nlp.classify.transformers_backend export DIR [--runtime onnx-int8]``"""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m nlp.classify.transformers_backend")
    parser.add_argument("action", choices=["export"])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--runtime", choices=list(ONNX_FILES), default="onnx")
    args = parser.parse_args(argv)
    classifier = load_transformer(args.folder, runtime=args.runtime)
    print(args.folder / ONNX_FILES[args.runtime], classifier.predict(["xin chào"])[0].label)
    return 0


if __name__ == "__main__":
    sys.exit(main())
