"""A tiny BERT- or RoBERTa-style sequence-classification checkpoint built here, from nothing downloaded.

For tests and benchmarks: a WordPiece tokenizer trained on the given texts with the
``tokenizers`` library (lower-cased, diacritics kept, since they carry meaning in
Vietnamese), and a randomly initialised BERT of a few layers. The folder is a complete
Hugging Face checkpoint and also a model folder (meta.json), so ``load_classifier`` loads
it and ``train_transformer`` fine-tunes it like any local base model.
"""
from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from nlp.classify.registry import META_FILE
from nlp.classify.transformers_backend import quiet_transformers
from nlp.normalize import normalize

SPECIAL = ("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]")
SIZES: dict[str, dict[str, int]] = {
    "tiny": {"hidden_size": 64, "num_hidden_layers": 2, "num_attention_heads": 2, "intermediate_size": 128},
    "small": {"hidden_size": 256, "num_hidden_layers": 4, "num_attention_heads": 4, "intermediate_size": 1024},
    # PhoBERT-base / BERT-base shape, for measuring speed only (random weights).
    "base": {"hidden_size": 768, "num_hidden_layers": 12, "num_attention_heads": 12, "intermediate_size": 3072},
}


def train_tokenizer(texts: Sequence[str], vocab_size: int = 2000, max_length: int = 128) -> Any:
    """A fast WordPiece tokenizer with BERT's [CLS] … [SEP] template, trained on ``texts``."""
    from tokenizers import Tokenizer, decoders, models, normalizers, pre_tokenizers, processors, trainers
    from transformers import PreTrainedTokenizerFast

    tokenizer = Tokenizer(models.WordPiece(unk_token="[UNK]"))
    tokenizer.normalizer = normalizers.Sequence([normalizers.NFC(), normalizers.Lowercase()])
    tokenizer.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    tokenizer.decoder = decoders.WordPiece()
    trainer = trainers.WordPieceTrainer(vocab_size=vocab_size, special_tokens=list(SPECIAL), min_frequency=1)
    tokenizer.train_from_iterator([normalize(text) for text in texts], trainer=trainer)
    cls, sep = tokenizer.token_to_id("[CLS]"), tokenizer.token_to_id("[SEP]")
    tokenizer.post_processor = processors.TemplateProcessing(
        single="[CLS] $A [SEP]", pair="[CLS] $A [SEP] $B:1 [SEP]:1", special_tokens=[("[CLS]", cls), ("[SEP]", sep)])
    return PreTrainedTokenizerFast(tokenizer_object=tokenizer, unk_token="[UNK]", pad_token="[PAD]", cls_token="[CLS]",
                                   sep_token="[SEP]", mask_token="[MASK]", model_max_length=max_length)


def build_tiny_checkpoint(out_dir: Path, texts: list[str], labels: list[str], *, size: str = "tiny", arch: str = "bert",
                          vocab_size: int = 2000, max_length: int = 128, seed: int = 0) -> Path:
    """Write a randomly initialised classifier for ``labels`` (in that order) and its tokenizer
    trained on ``texts`` into ``out_dir``; returns ``out_dir``. ``arch`` 'roberta' gives
    PhoBERT's architecture (RoBERTa: positions offset past the padding id, one token type)."""
    import torch
    from transformers import BertConfig, BertForSequenceClassification, RobertaConfig, RobertaForSequenceClassification

    if arch not in ("bert", "roberta"):
        raise ValueError(f"arch must be 'bert' or 'roberta', not {arch!r}")
    if not texts or not labels:
        raise ValueError("a tiny checkpoint needs some texts and at least one label")
    if size not in SIZES:
        raise ValueError(f"size must be one of {', '.join(SIZES)}, not {size!r}")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    tokenizer = train_tokenizer(texts, vocab_size, max_length)
    common = {"vocab_size": len(tokenizer), "pad_token_id": tokenizer.pad_token_id, "id2label": dict(enumerate(labels)),
              "label2id": {label: i for i, label in enumerate(labels)}, **SIZES[size]}
    if arch == "bert":
        config, model_class = BertConfig(max_position_embeddings=max_length, **common), BertForSequenceClassification
    else:
        positions = max_length + tokenizer.pad_token_id + 1
        config = RobertaConfig(max_position_embeddings=positions, type_vocab_size=1, **common)
        model_class = RobertaForSequenceClassification
    torch.manual_seed(seed)
    with quiet_transformers():
        model_class(config).save_pretrained(out_dir)
        tokenizer.save_pretrained(out_dir)
    meta = {"model_id": out_dir.name, "task": "tiny", "backend": "transformers", "labels": list(labels),
            "artifact": "model.safetensors", "segmented": False, "max_length": max_length, "runtime": "torch",
            "note": f"randomly initialised {size} {arch} ({SIZES[size]}), tokenizer trained on {len(texts)} texts"}
    (out_dir / META_FILE).write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return out_dir
