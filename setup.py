"""Lắng Nghe — social listening and citizen-complaint triage for Ho Chi Minh City.

Exact versions live in constraints.txt (install with `make install`, which passes it)."""
from setuptools import find_packages, setup

setup(
    name="langnghe",
    version="0.1.0",
    description="Social listening and citizen-complaint triage for Ho Chi Minh City",
    python_requires=">=3.11,<3.12",
    packages=find_packages(include=["core*", "store*", "crawlers*", "nlp*", "pipeline*",
                                    "services*", "cli*", "dashboard*", "intake*", "triage*", "notify*"]),
    package_data={"": ["*.json", "*.yaml", "*.txt", "*.tsv", "*.md", "*.html", "*.xml", "*.toml"]},
    install_requires=[
        "apache-airflow==3.3.2",
        "scrapy==2.19.0",
        "streamlit==1.67.0",
        "altair>=6,<7",
        "pandas>=3,<4",
        "pyvi==0.1.1",
        "scikit-learn>=1.9,<1.10",
        "elasticsearch>=8.19,<8.20",
        "pydantic>=2.14,<3",
        "pydantic-settings>=2.16,<3",
        "pyyaml>=6",
        "rich>=15",
    ],
    extras_require={
        "dev": ["pytest>=9", "pytest-timeout>=2.4", "ruff>=0.17", "playwright>=1.65"],
    },
    entry_points={"console_scripts": ["langnghe=cli.main:main"]},
)
