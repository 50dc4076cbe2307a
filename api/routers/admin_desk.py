"""The service desk's catalogue for admins: `/api/admin/desk/{resource}` for each of models,
policies, schedules, items, cities, centres, vehicles and roadside.

Each resource gets the same six routes: a page of rows, one row by key, create-or-replace,
delete, CSV export and CSV import. They are generated from the resource descriptions
(`service_desk.catalogue.resources`) rather than written eight times; each generated
route is still typed with the resource's own row model, so the OpenAPI document shows
every body and answer. A composite key is written `model:market` (`chery-tiggo-7:AZ`,
`chery-tiggo-7:*`). Behind the admin token, like every `/api/admin` route.

Include with `app.include_router(admin_desk.router)`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request, Response, status
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from api.deps import AdminActorDep, AuditDep, EngineDep, SettingsDep, require_admin
from api.schemas.admin import ADMIN
from api.schemas.common import as_json, refusals
from api.schemas.desk_admin import CSV, Deleted, Imported, ImportRefused, RowProblem, page_model
from service_desk.catalogue import (
    RESOURCES,
    CatalogueStore,
    Conflict,
    CsvRefused,
    InUse,
    Reason,
    Resource,
    RowInvalid,
)
from service_desk.catalogue.csv_io import MAX_BYTES
from service_desk.catalogue.resources import Key
from storage.engine import run_in_thread, session_factory

router = APIRouter(prefix="/api/admin/desk", tags=["admin: service desk"], dependencies=[Depends(require_admin)])
CSV_TYPES = ("text/csv", "application/csv", "text/plain")
# What a schema can say of an import: a non-empty UTF-8 text. Its rows are checked like PUT bodies, each
# refusal with its row and reason (ImportRefused); a string schema cannot describe a valid file.
CSV_UPLOAD = {
    "type": "string",
    "minLength": 1,
    "description": "UTF-8, comma or semicolon separated; the first line names the columns (the row's fields)",
}


def _store(engine: EngineDep, settings: SettingsDep) -> CatalogueStore:
    return CatalogueStore(session_factory(engine), settings.markets_file)


StoreDep = Annotated[CatalogueStore, Depends(_store)]


class CsvResponse(Response):
    media_type = "text/csv"


def _invalid(reasons: list[Reason], where: str) -> RequestValidationError:
    """Our reasons in FastAPI's own 422 shape, so a client reads every refusal of a body alike."""
    return RequestValidationError(
        [{"loc": [where, *([r.field] if r.field else [])], "msg": r.message, "type": "value_error"} for r in reasons]
    )


def _key(resource: Resource[Any], text: str) -> Key:
    try:
        return resource.parse_key(text)
    except RowInvalid as error:
        raise _invalid(error.reasons, "path") from None


async def _csv_body(request: Request) -> bytes:
    """The request's CSV, read up to MAX_BYTES (the app's body limit may be lower and answer first)."""
    if request.headers.get("content-type", "").split(";")[0].strip().lower() not in CSV_TYPES:
        raise HTTPException(status.HTTP_415_UNSUPPORTED_MEDIA_TYPE, "send the file as text/csv")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BYTES:
            raise HTTPException(status.HTTP_413_CONTENT_TOO_LARGE, f"a CSV file is at most {MAX_BYTES} bytes")
    return bytes(body)


def _typed(endpoint: Callable[..., Any], **types: Any) -> Callable[..., Any]:
    """The endpoint with these parameters typed for this resource (its row model as `body`, its
    key's pattern on `key`): FastAPI reads the annotations to validate and to describe in OpenAPI,
    and this module's string annotations could not name a resource's own types."""
    endpoint.__annotations__ = {**endpoint.__annotations__, **types}
    return endpoint


def _dump(row: BaseModel | None) -> dict[str, Any] | None:
    """A row as the audit log keeps it (JSON values)."""
    return row.model_dump(mode="json") if row is not None else None


def _mount(resource: Resource[Any]) -> None:
    name, title, row = resource.name, resource.title, resource.row
    page = page_model(row)
    not_found = {404: f"no such {title}"}
    # The pattern is shown, not checked by FastAPI: `_key` checks it, with the reason naming the column.
    key_text = Annotated[
        str,
        Path(
            min_length=1,
            max_length=200,
            description=f"the {title}'s key: {':'.join(resource.keys)}",
            json_schema_extra={"pattern": resource.key_pattern},
        ),
    ]

    async def listing(
        store: StoreDep,
        offset: Annotated[int, Query(ge=0, le=2**31 - 1)] = 0,
        limit: Annotated[int, Query(ge=1, le=500)] = 100,
        q: Annotated[str | None, Query(max_length=100, description="text a text column contains")] = None,
    ) -> BaseModel:
        found = await run_in_thread(store.page, resource, offset=offset, limit=limit, text=(q or "").strip() or None)
        return page(items=found.items, total=found.total)

    async def export(store: StoreDep) -> CsvResponse:
        text = await run_in_thread(store.export_csv, resource)
        # The byte-order mark makes spreadsheet programs read the file as UTF-8 (Cyrillic, Georgian, Devanagari).
        return CsvResponse(
            "\ufeff" + text,
            headers={"Content-Disposition": f'attachment; filename="{name}.csv"', "X-Content-Type-Options": "nosniff"},
        )

    async def import_csv(
        request: Request, store: StoreDep, actor: AdminActorDep, audit: AuditDep
    ) -> Imported | JSONResponse:
        data = await _csv_body(request)
        try:
            imported = await run_in_thread(store.import_csv, resource, data)
        except CsvRefused as refused:
            body = ImportRefused(
                detail=f"nothing imported: {len(refused.errors) + refused.more} problems",
                errors=[RowProblem(row=e.row, reason=e.reason) for e in refused.errors],
                more_errors=refused.more,
            )
            return JSONResponse(body.model_dump(), status_code=status.HTTP_422_UNPROCESSABLE_CONTENT)
        except Conflict as error:
            raise HTTPException(status.HTTP_409_CONFLICT, str(error)) from None
        counts = {"created": imported.created, "updated": imported.updated}
        await audit.record(actor, f"desk.{name}.import", f"{name} (CSV)", None, counts)
        return Imported(**counts)

    async def read(key: str, store: StoreDep) -> BaseModel:
        found = await run_in_thread(store.get, resource, _key(resource, key))
        if found is None:
            raise HTTPException(status.HTTP_404_NOT_FOUND, f"no {title} {key!r}")
        return found

    async def put(
        key: str, body: BaseModel, store: StoreDep, response: Response, actor: AdminActorDep, audit: AuditDep
    ) -> BaseModel:
        before = await run_in_thread(store.get, resource, _key(resource, key))
        try:
            saved, created = await run_in_thread(store.put, resource, _key(resource, key), body)
        except RowInvalid as error:
            raise _invalid(error.reasons, "body") from None
        except Conflict as error:
            raise HTTPException(status.HTTP_409_CONFLICT, str(error)) from None
        response.status_code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
        await audit.record(actor, f"desk.{name}.put", f"{title} {key}", _dump(before), _dump(saved))
        return saved

    async def remove(key: str, store: StoreDep, actor: AdminActorDep, audit: AuditDep) -> Deleted:
        parsed = _key(resource, key)
        before = await run_in_thread(store.get, resource, parsed)
        try:
            deleted = await run_in_thread(store.delete, resource, parsed)
        except InUse as error:
            raise HTTPException(status.HTTP_409_CONFLICT, str(error)) from None
        if not deleted:
            raise HTTPException(status.HTTP_404_NOT_FOUND, f"no {title} {key!r}")
        await audit.record(actor, f"desk.{name}.delete", f"{title} {key}", _dump(before), None)
        return Deleted(resource=name, key=resource.format_key(parsed))

    bad_key = {422: "the key (or the body) is not valid, with the reasons"}
    # The fixed paths come before /{key}: "export.csv" is not a key.
    router.add_api_route(
        f"/{name}",
        listing,
        methods=["GET"],
        response_model=page,
        name=f"desk_{name}_list",
        operation_id=f"desk_{name}_list",
        summary=f"A page of {name}, by key; q filters on text columns",
        responses=ADMIN,
    )
    router.add_api_route(
        f"/{name}/export.csv",
        export,
        methods=["GET"],
        response_class=CsvResponse,
        name=f"desk_{name}_export",
        operation_id=f"desk_{name}_export",
        summary=f"Every {title} as CSV (JSON columns as JSON text)",
        responses={200: {"description": "the CSV file", "content": CSV}} | as_json(ADMIN),
    )
    router.add_api_route(
        f"/{name}/import",
        import_csv,
        methods=["POST"],
        response_model=Imported,
        name=f"desk_{name}_import",
        operation_id=f"desk_{name}_import",
        summary=f"Create or replace {name} from a CSV file, all rows or none",
        responses=ADMIN
        | refusals({409: "the database refused a row (a concurrent edit)", 413: "the file is too large"})
        | refusals({415: "not sent as text/csv"})
        | {422: {"model": ImportRefused, "description": "nothing imported: each bad row and why"}},
        openapi_extra={"requestBody": {"required": True, "content": {"text/csv": {"schema": CSV_UPLOAD}}}},
    )
    router.add_api_route(
        f"/{name}/{{key}}",
        _typed(read, key=key_text),
        methods=["GET"],
        response_model=row,
        name=f"desk_{name}_get",
        operation_id=f"desk_{name}_get",
        summary=f"One {title} by key",
        responses=ADMIN | refusals(not_found | bad_key),
    )
    router.add_api_route(
        f"/{name}/{{key}}",
        _typed(put, key=key_text, body=row),
        methods=["PUT"],
        response_model=row,
        name=f"desk_{name}_put",
        operation_id=f"desk_{name}_put",
        summary=f"Create (201) or replace (200) a {title}; the body's key must be the path's",
        responses={201: {"model": row, "description": "created"}}
        | ADMIN
        | refusals({409: "the database refused the row (a concurrent edit)"} | bad_key),
    )
    router.add_api_route(
        f"/{name}/{{key}}",
        _typed(remove, key=key_text),
        methods=["DELETE"],
        response_model=Deleted,
        name=f"desk_{name}_delete",
        operation_id=f"desk_{name}_delete",
        summary=f"Delete a {title}; 409 while other rows refer to it",
        responses=ADMIN | refusals(not_found | {409: "other rows refer to it"} | bad_key),
    )


for _resource in RESOURCES.values():
    _mount(_resource)
