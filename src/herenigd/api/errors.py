"""Errors as RFC 9457 problem+json with a stable `code` (one central handler)."""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions
from rest_framework.views import exception_handler

from herenigd.access.gates import NotFound


def problem_exception_handler(exc, context):
    if isinstance(exc, NotFound):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(exc.messages)
    response = exception_handler(exc, context)
    if response is None:
        return None
    detail = response.data
    code = getattr(exc, "default_code", "error")
    if isinstance(exc, exceptions.APIException):
        codes = exc.get_codes()
        code = codes if isinstance(codes, str) else code
    problem = {
        "type": "about:blank",
        "title": str(getattr(exc, "default_detail", "Error")),
        "status": response.status_code,
        "code": code,
    }
    if isinstance(detail, dict) and set(detail) == {"detail"}:
        problem["detail"] = str(detail["detail"])
    else:
        problem["errors"] = detail
    response.data = problem
    response.content_type = "application/problem+json"
    return response
