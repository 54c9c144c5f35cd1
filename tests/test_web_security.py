"""Who may use the web app: the token, its session, CSRF, other origins, hosts, headers; and
`toolkit serve` run for real."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.web_app import BASE_URL, app_over, paper
from toolkit.web import WebSettings
from toolkit.web.security import CONTENT_SECURITY_POLICY, SECURITY_HEADERS


@pytest.fixture
def app(tmp_path: Path) -> tuple[FastAPI, WebSettings]:
    return app_over(tmp_path)


@pytest.fixture
def anonymous(app: tuple[FastAPI, WebSettings]) -> TestClient:
    return TestClient(app[0], base_url=BASE_URL, follow_redirects=False)


@pytest.fixture
def token(app: tuple[FastAPI, WebSettings]) -> str:
    return app[1].token


def assert_guarded(response: httpx.Response) -> None:
    """The response carries every security header, the strict CSP among them."""
    assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    for name, value in SECURITY_HEADERS:
        assert response.headers[name.decode()] == value.decode()


def open_session(client: TestClient, token: str) -> str:
    """Open the printed address; return the CSRF token of the page the browser lands on."""
    client.get(f"/?token={token}")
    found = re.search(r'<meta name="csrf-token" content="([^"]+)">', client.get("/").text)
    assert found
    return found.group(1)


REQUESTS = [("GET", "/"), ("GET", "/pack"), ("GET", "/openapi.json"), ("POST", "/api/check")]
REQUESTS += [("POST", "/api/pack"), ("GET", "/static/app.js"), ("GET", "/nowhere")]


@pytest.mark.parametrize(("method", "path"), REQUESTS)
def test_nothing_is_answered_without_the_token(
    anonymous: TestClient, method: str, path: str
) -> None:
    response = anonymous.request(method, path, json={"kind": "initial"})
    assert response.status_code == 401
    assert_guarded(response)
    if path.startswith("/api/") or path == "/openapi.json":
        assert response.json()["detail"].startswith("This address needs the token")


@pytest.mark.parametrize(
    "authorization", ["Bearer wrong", "Bearer ", "Basic dG9rZW4=", "bearer", "Token x"]
)
def test_a_wrong_token_is_refused(anonymous: TestClient, authorization: str) -> None:
    response = anonymous.get("/openapi.json", headers={"Authorization": authorization})
    assert response.status_code == 401


def test_a_wrong_token_in_the_address_opens_nothing(anonymous: TestClient, token: str) -> None:
    response = anonymous.get(f"/?token={token[:-1]}")
    assert response.status_code == 401
    assert "set-cookie" not in response.headers


def test_the_token_in_the_address_opens_a_session_and_leaves_the_address(
    anonymous: TestClient, token: str, app: tuple[FastAPI, WebSettings]
) -> None:
    response = anonymous.get(f"/pack?paper=a.yaml&token={token}")
    assert response.status_code == 303
    assert response.headers["location"] == "/pack?paper=a.yaml"
    assert token not in response.headers["location"]
    assert_guarded(response)
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(f"{app[1].cookie_name}=")
    attributes = {part.strip().lower() for part in cookie.split(";")[1:]}
    assert {"httponly", "samesite=strict", "path=/"} <= attributes
    assert token not in cookie
    page = anonymous.get("/pack?paper=a.yaml")
    assert page.status_code == 200
    assert token not in page.text


def test_a_forged_session_cookie_is_refused(
    anonymous: TestClient, app: tuple[FastAPI, WebSettings]
) -> None:
    anonymous.cookies.set(app[1].cookie_name, secrets.token_urlsafe(32))
    assert anonymous.get("/").status_code == 401


def test_the_bearer_token_opens_the_api_without_csrf(anonymous: TestClient, token: str) -> None:
    headers = {"Authorization": f"Bearer {token}"}
    response = anonymous.post("/api/check", json=paper("initial"), headers=headers)
    assert response.status_code == 200
    assert_guarded(response)
    assert anonymous.get("/openapi.json", headers=headers).status_code == 200


def test_a_session_changes_nothing_without_its_csrf_token(
    anonymous: TestClient, token: str
) -> None:
    csrf = open_session(anonymous, token)
    refused = anonymous.post("/api/check", json=paper("initial"))
    assert refused.status_code == 403
    assert_guarded(refused)
    wrong = anonymous.post("/api/check", json=paper("initial"), headers={"X-CSRF-Token": "x" * 43})
    assert wrong.status_code == 403
    allowed = anonymous.post("/api/check", json=paper("initial"), headers={"X-CSRF-Token": csrf})
    assert allowed.status_code == 200


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "http://evil.example"},
        {"Origin": "http://127.0.0.1:9999"},
        {"Origin": "null"},
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site"},
    ],
    ids=["foreign", "other-port", "null", "cross-site", "same-site"],
)
def test_changes_from_another_origin_are_refused_whatever_the_credentials(
    anonymous: TestClient, token: str, headers: dict[str, str]
) -> None:
    csrf = open_session(anonymous, token)
    for credentials in ({"X-CSRF-Token": csrf}, {"Authorization": f"Bearer {token}"}):
        response = anonymous.post(
            "/api/check", json=paper("initial"), headers={**headers, **credentials}
        )
        assert response.status_code == 403
        assert_guarded(response)


def test_the_apps_own_origin_may_change_things(anonymous: TestClient, token: str) -> None:
    csrf = open_session(anonymous, token)
    headers = {"Origin": BASE_URL, "Sec-Fetch-Site": "same-origin", "X-CSRF-Token": csrf}
    assert anonymous.post("/api/check", json=paper("initial"), headers=headers).status_code == 200


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8765", "192.168.1.10:8765"])
def test_a_host_that_is_not_loopback_is_refused(
    anonymous: TestClient, token: str, host: str
) -> None:
    response = anonymous.get(
        "/openapi.json", headers={"Host": host, "Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 400
    assert_guarded(response)


def test_every_answer_carries_the_headers_errors_included(
    app: tuple[FastAPI, WebSettings], token: str
) -> None:
    application, _ = app

    @application.get("/fault")
    def fault() -> None:
        raise RuntimeError("a fault of the app")

    client = TestClient(
        application,
        base_url=BASE_URL,
        headers={"Authorization": f"Bearer {token}"},
        raise_server_exceptions=False,
    )
    for response in (
        client.get("/"),
        client.get("/static/app.js"),
        client.get("/nowhere"),
        client.post("/api/check", json=[]),
        client.get("/fault"),
    ):
        assert_guarded(response)
    assert client.get("/fault").status_code == 500


def test_tokens_are_compared_in_constant_time(
    anonymous: TestClient, token: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    compared: list[tuple[bytes, bytes]] = []
    real = secrets.compare_digest

    def spy(a: bytes, b: bytes) -> bool:
        compared.append((a, b))
        return real(a, b)

    monkeypatch.setattr(secrets, "compare_digest", spy)
    anonymous.get("/openapi.json", headers={"Authorization": "Bearer guess"})
    assert (b"guess", token.encode()) in compared


# `toolkit serve`, run for real ---------------------------------------------------------------


@contextlib.contextmanager
def serving(tmp_path: Path, *options: str) -> Iterator[tuple[subprocess.Popen[str], str, Path]]:
    """`toolkit serve` on a free port, with an empty TMPDIR; its process, printed line, TMPDIR."""
    temp = tmp_path / "tmpdir"
    temp.mkdir()
    folder = tmp_path / "meetings"
    folder.mkdir()
    command = [sys.executable, "-m", "toolkit", "serve", "--port", "0", "--no-browser"]
    process = subprocess.Popen(
        [*command, "--folder", str(folder), *options],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "TMPDIR": str(temp)},
    )
    try:
        assert process.stdout is not None
        yield process, process.stdout.readline(), temp
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[str], str, Path]]:
    with serving(tmp_path) as running:
        yield running


def test_serve_prints_one_address_answers_it_and_stops_cleanly(
    served: tuple[subprocess.Popen[str], str, Path],
) -> None:
    process, line, temp = served
    found = re.fullmatch(
        r"Open (http://127\.0\.0\.1:(\d+)/)\?token=([-\w]+) \(Ctrl-C to stop\)\n", line
    )
    assert found, line
    base, token = found.group(1), found.group(3)
    with httpx.Client(base_url=base, timeout=30, follow_redirects=True) as client:
        assert client.get("/").status_code == 401
        opened = client.get(f"/?token={token}")  # follows the redirect, with the cookie
        assert opened.status_code == 200
        assert str(opened.url) == base
        headers = {"Authorization": f"Bearer {token}"}
        assert client.post("/api/check", json=paper("initial"), headers=headers).status_code == 200
        packed = client.post("/api/pack", json={"papers": [paper("initial")]}, headers=headers)
        assert packed.status_code == 200
        assert packed.headers["x-pack-password"]
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=30)
    assert process.returncode == 0, err  # Ctrl-C is how the app stops: no error
    assert out == "Stopped.\n"
    assert "interrupted" not in err
    assert "Traceback" not in err
    printed = line + out + err
    assert printed.count(token) == 1  # only in the address printed; no access log repeats it
    assert packed.headers["x-pack-password"] not in printed
    assert list(temp.iterdir()) == []  # no paper, password or pack in a temporary file


def test_serve_refuses_a_folder_that_does_not_exist(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "toolkit",
            "serve",
            "--port",
            "0",
            "--no-browser",
            "--folder",
            str(tmp_path / "none"),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "no such folder" in result.stderr


def test_the_listener_says_it_is_tcp_so_answers_are_not_held_back() -> None:
    """asyncio disables Nagle's algorithm only on sockets whose protocol is TCP; without it a
    small answer waited ~40 ms for the client's delayed ACK (bench_web.py: 45 ms a request)."""
    from toolkit.cli.serve import _listen

    listener = _listen(0)
    try:
        assert listener.proto == socket.IPPROTO_TCP
    finally:
        listener.close()


def test_serve_applies_the_partnership_profile_to_every_request(tmp_path: Path) -> None:
    # --profile (or TOOLKIT_PROFILE) puts a partnership's rules in force for the command; the
    # app's requests run in threads and must see them too, as `toolkit check` would
    profile = tmp_path / "ours.toml"
    profile.write_text("[deadlines]\ninitial = { days = 3 }\n", encoding="utf-8")
    with serving(tmp_path, "--profile", str(profile)) as (process, line, _):
        found = re.search(r"(http://\S+/)\?token=([-\w]+)", line)
        assert found, line
        headers = {"Authorization": f"Bearer {found.group(2)}"}
        with httpx.Client(base_url=found.group(1), timeout=30) as client:
            answer = client.post("/api/check", json=paper("initial"), headers=headers).json()
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=30)
    day = dt.date.fromisoformat(paper("initial")["meeting"]["date"])
    assert answer["minutes_due"] == (day + dt.timedelta(days=3)).isoformat()
