"""The committed OpenAPI document is the API contract: it must match what the code generates."""

from pathlib import Path

from django.core.management import call_command

COMMITTED = Path(__file__).resolve().parents[2] / "docs" / "openapi.yaml"


def test_committed_openapi_document_is_current(tmp_path):
    generated = tmp_path / "openapi.yaml"
    call_command("spectacular", file=str(generated), validate=True, fail_on_warn=True)
    assert generated.read_text() == COMMITTED.read_text(), (
        "The API changed: run `herenigd spectacular --file docs/openapi.yaml` and commit it."
    )


def test_problem_json_for_errors(client):
    response = client.get("/api/v1/families/")
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == 403 and body["code"] == "not_authenticated"
