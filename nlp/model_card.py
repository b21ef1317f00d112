"""MODEL_CARD.md for a trained model folder, written from its meta.json and metrics.json.

Dataset provenance (domain, licence, citation) lives here once, so every card repeats it the
same way; the numbers always come from the training run.
"""
from __future__ import annotations

from typing import Any

DATASETS: dict[str, dict[str, str]] = {
    "uit_vsfc": {
        "title": "UIT-VSFC (Vietnamese Students' Feedback Corpus)",
        "domain": "end-of-semester student feedback from one university (2013–2016); lower-cased, "
                  "emoticons replaced by placeholder words (colonsmile, colonsad, …); neutral ≈ 4%",
        "licence": "not stated with the data; the UIT NLP Group describes its corpora as free for research use — "
                   "**research-only** until the group confirms otherwise",
        "citation": "Kiet Van Nguyen, Vu Duc Nguyen, Phu X. V. Nguyen, Tham T. H. Truong, Ngan Luu-Thuy Nguyen. "
                    "\"UIT-VSFC: Vietnamese Students' Feedback Corpus for Sentiment Analysis.\" KSE 2018, IEEE, "
                    "pp. 19–24. doi:10.1109/KSE.2018.8573337",
    },
    "vlsp2016_sa": {
        "title": "VLSP 2016 Sentiment Analysis",
        "domain": "user comments on technology products (electronics forums and news sites); balanced classes",
        "licence": "VLSP user agreement for research (SEACrowd records CC BY-NC-SA 4.0); the copy used is a "
                   "third-party redistribution — **research / non-commercial only**, obtain via VLSP for other use",
        "citation": "Huyen T. M. Nguyen, Hung V. Nguyen, Quyen T. Ngo, Luong X. Vu, Vu Mai Tran, Bach X. Ngo, "
                    "Cuong A. Le. \"VLSP Shared Task: Sentiment Analysis.\" Journal of Computer Science and "
                    "Cybernetics 34(4), 2018, pp. 295–310.",
    },
}

CHOICES = """\
Measured on the dev splits above (2026-11-30, same features for every row; macro-F1):

| setup | UIT-VSFC | VLSP 2016 | overall |
|---|---|---|---|
| LogisticRegression C=4 | 0.755 | 0.632 | 0.755 |
| **LogisticRegression C=4, balanced class weights (shipped)** | 0.768 | 0.648 | 0.771 |
| LogisticRegression C=8, balanced | 0.766 | 0.652 | 0.771 |
| LinearSVC C=0.5, balanced, sigmoid-calibrated (3-fold) | 0.721 | 0.645 | 0.756 |
| trained on UIT-VSFC only (LR C=4, balanced) | 0.773 | 0.371 | — |
| trained on VLSP 2016 only (LR C=4, balanced) | 0.407 | 0.674 | — |

Calibrated LinearSVC trains twice as fast but its calibrated probabilities almost never pick
`neutral`. Mixing the two corpora costs about 0.5 (UIT-VSFC) and 2.6 (VLSP) macro-F1 points
against a model per domain, and gives one model that is not lost outside either domain.
Up-weighting VLSP rows ×1.5–2.5 changed macro-F1 by under one point and was not kept."""

LIMITATIONS = """\
- **Domain shift.** Neither corpus is about city services or public affairs; expect lower accuracy
  on citizen complaints, news comments and forum threads than the dev figures above. Re-measure on
  labelled Lắng Nghe data before trusting trends built on this model.
- **Neutral is the weak class** (4% of UIT-VSFC); mixed or factual posts are often forced to
  positive or negative. Use `sentiment_score` (the top label's probability) to filter.
- **Bag of n-grams.** No word order beyond bigrams, no sarcasm, no negation scope; long articles
  are scored as one bag.
- UIT-VSFC's placeholder words are mapped from real emoticons at prediction time
  (`nlp/rules/emoticon_words.tsv`), but other emoji were never seen in training.
- VLSP 2016 has no official dev split: its dev here is carved from train, so its numbers are not
  comparable with the shared-task test results. No test split was used for any choice.
- **Licences.** Both corpora are research-only; the model inherits that restriction."""


def _row(name: str, m: dict[str, Any]) -> str:
    return f"| {name} | {m['n']} | {m['accuracy']:.4f} | {m['macro_f1']:.4f} | {m['weighted_f1']:.4f} |"


def _metrics_table(metrics: dict[str, Any]) -> str:
    lines = ["| dev set | n | accuracy | macro-F1 | weighted-F1 |", "|---|---|---|---|---|"]
    lines += [_row(name, m) for name, m in metrics["per_dataset"].items()]
    lines.append(_row("**all (mixed)**", metrics["overall"]))
    return "\n".join(lines)


def _per_class_table(metrics: dict[str, Any]) -> str:
    lines = ["| dev set | label | precision | recall | F1 | support |", "|---|---|---|---|---|---|"]
    for name, m in [*metrics["per_dataset"].items(), ("all", metrics["overall"])]:
        for label, c in m["per_class"].items():
            lines.append(f"| {name} | {label} | {c['precision']:.4f} | {c['recall']:.4f} | {c['f1']:.4f} | {c['support']} |")
    return "\n".join(lines)


def _counts(counts: dict[str, int]) -> str:
    return f"{sum(counts.values())} (" + ", ".join(f"{label} {n}" for label, n in counts.items()) + ")"


def _data_section(meta: dict[str, Any]) -> str:
    blocks = []
    for name, used in meta["data"].items():
        info = DATASETS.get(name, {"title": name, "domain": "?", "licence": "?", "citation": "?"})
        files = "; ".join(f"`{path}` sha256 `{digest[:16]}…`" for path, digest in used["files"].items())
        blocks.append(
            f"### {info['title']} (`data/datasets/{name}/`)\n"
            f"- Domain: {info['domain']}.\n- Used: train {_counts(used['train'])}; dev {_counts(used['dev'])} — {used['note']}.\n"
            f"- Files: {files}.\n- Licence: {info['licence']}.\n- Citation: {info['citation']}\n")
    return "\n".join(blocks)


def sentiment_card(meta: dict[str, Any], metrics: dict[str, Any]) -> str:
    options = ", ".join(f"{key}={value}" for key, value in meta["options"].items())
    return f"""# {meta['model_id']}

Three-way sentiment ({', '.join(f'`{label}`' for label in meta['labels'])}) for Vietnamese text,
served by the Lắng Nghe enrichment step (`nlp/enrich.py`, setting `sentiment_model`).

- Trained: {meta['trained']} in {meta['train_seconds']} s on 2 CPU cores; scikit-learn {meta['sklearn_version']}.
- Backend `{meta['backend']}`: text normalised (`nlp/normalize.py`), emoticons → words, lower-cased;
  TF-IDF of syllable 1–2-grams + character 2–5-grams within words; a linear model
  with probabilities ({options}). Artifact `{meta['artifact']}` (not committed).
- Made by (from the repository root, or `make models`):

      {meta['command']}

## Data
{_data_section(meta)}
## Dev metrics

{_metrics_table(metrics)}

Per class:

{_per_class_table(metrics)}

## How the setup was chosen
{CHOICES}

## Limitations
{LIMITATIONS}
"""
