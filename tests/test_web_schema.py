"""Schemathesis against the app's own /openapi.json: no request it can make breaks the app
(no 500) or gets an answer that the description does not declare.

Every check runs. Positive data is allowed a 422 besides 2xx: the body's schema says a paper
is an object with a kind (see `toolkit.web.api`), and most objects with a kind are not papers.
"""

from __future__ import annotations

import schemathesis
from schemathesis.config import SchemathesisConfig

from tests.conftest import SAMPLES
from toolkit.web import WebSettings, create_app

#: Examples per operation and phase: enough to reach every refusal, and under a minute in all
#: on two cores (a draft that loads is packed for real, at ~0.3 s).
MAX_EXAMPLES = 100


# Loaded at import (schemathesis's pytest fixtures do not run under this pytest); the API reads
# no folder, the samples stand in for one.
SETTINGS = WebSettings(folder=SAMPLES)
HEADERS = {"Authorization": f"Bearer {SETTINGS.token}", "Host": "127.0.0.1"}
CONFIG = SchemathesisConfig.from_dict(
    {
        "headers": HEADERS,
        "generation": {"max-examples": MAX_EXAMPLES, "database": "none"},
        "checks": {"positive_data_acceptance": {"expected-statuses": ["2xx", "422"]}},
    }
)
schema = schemathesis.openapi.from_asgi(
    "/openapi.json", create_app(SETTINGS), config=CONFIG, headers=HEADERS
)


@schema.parametrize()
def test_the_api_keeps_its_description(case: schemathesis.Case) -> None:
    case.call_and_validate()
