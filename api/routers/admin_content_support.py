"""What the training data and answers routes share: the content, If-Match, and refusals as HTTP."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Annotated, TypeVar

from fastapi import Header, HTTPException, status
from pydantic import WithJsonSchema

from api.schemas.admin import ADMIN
from api.schemas.common import refusals
from training.content import Conflict, NotFound
from training.edits import Stale
from training.snapshot import Unreadable
from training.validation import Invalid
from training.yaml_files import VERSION

T = TypeVar("T")
TAGS: list[str | object] = ["admin: training data"]
# A version as a listing returns it, bare or quoted like an ETag. Optional: without it a write
# applies to whatever the files hold. The schema shows a string only (not null: a header has no null).
IF_MATCH = f'^(?:{VERSION}|"{VERSION}")$'
IfMatch = Annotated[
    str | None,
    Header(pattern=IF_MATCH, description="the version a listing returned; 412 if the files changed since"),
    WithJsonSchema({"type": "string", "pattern": IF_MATCH}),
]
READ = ADMIN | refusals({503: "a content file does not load as YAML (fix it in git)"})
WRITE = READ | refusals(
    {
        409: "the edit conflicts with the content (a name taken, an intent in use or protected)",
        412: "the files changed since the If-Match version",
        422: "refused with the reason; nothing was written",
    }
)


async def refused_as_http(pending: Awaitable[T]) -> T:
    """The content's refusals as HTTP answers with their reason."""
    try:
        return await pending
    except NotFound as error:
        raise HTTPException(status.HTTP_404_NOT_FOUND, str(error)) from None
    except Conflict as error:
        raise HTTPException(status.HTTP_409_CONFLICT, str(error)) from None
    except Stale as error:
        raise HTTPException(status.HTTP_412_PRECONDITION_FAILED, str(error)) from None
    except Invalid as error:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, str(error)) from None
    except Unreadable as error:
        raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, str(error)) from None
