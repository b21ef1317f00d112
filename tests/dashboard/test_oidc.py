"""The OIDC wiring: with a provider named in the settings and Streamlit's [auth] secrets, the login
page offers it; a signed-in identity (``st.user``) gets the role its group maps to."""
from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from core.settings import get_settings
from tests.dashboard.apptest import APP
from tests.dashboard.conftest import DashboardIndex
from triage.policy import Role

pytestmark = pytest.mark.integration

SECRETS = {"auth": {"redirect_uri": "http://127.0.0.1:8501/oauth2callback", "cookie_secret": "x" * 32,
                    "corp": {"client_id": "langnghe", "client_secret": "s",
                             "server_metadata_url": "https://sso.example.vn/.well-known/openid-configuration"}}}


@pytest.fixture
def oidc_env(dashboard_env: DashboardIndex, monkeypatch: pytest.MonkeyPatch) -> DashboardIndex:
    monkeypatch.setenv("LANGNGHE_OIDC_PROVIDER", "corp")
    monkeypatch.setenv("LANGNGHE_OIDC_ROLE_MAP", '{"hcm-truyenthong": "communications"}')
    get_settings.cache_clear()
    return dashboard_env


def _app(user: dict) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    at.secrets = SECRETS
    at.user = user
    return at.run()


def test_the_login_page_offers_the_configured_provider(oidc_env: DashboardIndex):
    at = _app({"is_logged_in": False})
    assert not at.exception
    assert at.button(key="oidc").label == "Đăng nhập bằng tài khoản tổ chức"


def test_an_oidc_identity_gets_the_role_of_its_group(oidc_env: DashboardIndex):
    at = _app({"is_logged_in": True, "email": "thu@hcm.gov.vn", "name": "Phạm Minh Thư",
               "groups": ["hcm-truyenthong", "staff"]})
    assert not at.exception
    user = at.session_state["user"]
    assert (user.name, user.role) == ("thu@hcm.gov.vn", Role.communications)
    assert at.title[0].value == "Lắng Nghe · Tổng quan"


def test_an_oidc_identity_without_a_mapped_group_is_refused(oidc_env: DashboardIndex):
    at = _app({"is_logged_in": True, "email": "x@hcm.gov.vn", "groups": ["staff"]})
    assert not at.exception
    assert "user" not in at.session_state
    assert "LANGNGHE_OIDC_ROLE_MAP" in at.error[0].value
