"""Settings of the complaint intake API (Open311 GeoReport v2) and hotline imports."""
from __future__ import annotations

from pydantic import BaseModel, Field


class IntakeSettings(BaseModel):
    intake_port: int = Field(default=8090, description="port of the intake API on 127.0.0.1 (`langnghe intake serve`)")
    intake_workers: int = Field(default=1, ge=1, le=16,
                                description="uvicorn worker processes of `langnghe intake serve` (rate limits are per worker)")
    intake_jurisdiction_id: str = Field(default="tphcm.gov.vn",
                                        description="GeoReport jurisdiction_id this API answers for (others get 404)")
    intake_max_body_bytes: int = Field(default=65536, ge=1024,
                                       description="largest request body the intake API accepts (bigger: 413)")
    intake_rate_per_second: float = Field(default=10.0, gt=0,
                                          description="sustained requests per second allowed per API key (writes) or client IP (reads)")
    intake_rate_burst: int = Field(default=40, ge=1, description="requests a key or IP may send at once before the rate applies")
    intake_key_cache_seconds: float = Field(default=30.0, ge=0,
                                            description="how long the API trusts a checked API key before looking it up again")
    intake_service_notice: str = Field(
        default="Đã tiếp nhận; phản ánh được chuyển đến đơn vị phụ trách trong 1 ngày làm việc. / "
                "Received; the report goes to the responsible unit within 1 working day.",
        description="service_notice returned with every accepted request")
    intake_open_cases: bool = Field(default=True, description="open each submission's case right after acknowledging it")
