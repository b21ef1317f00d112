"""The settings of each stage, one mixin per area, combined into ``core.settings.Settings``.

Each mixin is a plain pydantic model: fields with a default and a ``description`` (the README's
settings table is generated from them). Environment variables are ``LANGNGHE_<FIELD>``.
"""
