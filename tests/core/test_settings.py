from core.settings import Settings
from core.settings_doc import settings_markdown, settings_rows


def test_es_url_comes_from_the_usual_variable(monkeypatch):
    monkeypatch.setenv("ES_URL", "https://es.example:9200")
    monkeypatch.setenv("ES_USER", "elastic")
    settings = Settings()
    assert settings.es_endpoint == "https://es.example:9200" and not settings.es_embedded
    assert settings.es_user == "elastic"


def test_embedded_endpoint_by_default(monkeypatch):
    monkeypatch.delenv("ES_URL", raising=False)
    monkeypatch.setenv("LANGNGHE_ES_PORT", "9333")
    settings = Settings()
    assert settings.es_embedded and settings.es_endpoint == "http://127.0.0.1:9333"


def test_every_setting_is_documented():
    rows = settings_rows(Settings())
    assert all(help_ for *_, help_ in rows), [r[0] for r in rows if not r[-1]]
    assert len(settings_markdown().splitlines()) == len(rows) + 2


def test_readme_settings_table_is_current():
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    assert settings_markdown() in readme, "regenerate the README table with `langnghe settings --markdown`"
