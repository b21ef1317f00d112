from core.settings import Settings
from nlp.eval_report import report, task_section
from nlp.tasks.sentiment import PUBLISHED


def test_dev_figures_sit_beside_the_published_test_figures(tiny_model_dir, tmp_path):
    settings = Settings(sentiment_model=tiny_model_dir)
    section = task_section("sentiment", settings)
    assert f"`{tiny_model_dir.name}/metrics.json`" in section
    assert "| uit_vsfc | dev |" in section and "| vlsp2016_sa, diacritics stripped | dev |" in section
    for published in PUBLISHED:
        assert f"published **test**: {published.model}" in section
    assert "87.94" in section and "indicative only" in section


def test_a_model_not_built_is_said_so(tmp_path):
    settings = Settings(topic_model=tmp_path / "topic-none-v0-20261130")
    assert "not built (`make models`)" in task_section("topic", settings)
    text = report(settings, tasks=["topic"])
    assert text.startswith("# Evaluation report") and "## topic" in text
