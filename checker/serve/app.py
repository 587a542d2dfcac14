"""The review server's routes: the page, a few JSON endpoints, and one POST that records a decision."""

from __future__ import annotations

import json
import logging
import re
import secrets
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from checker.errors import ClaimcheckError, ReconciliationError
from checker.serve import adapter
from checker.serve.security import Guard
from checker.serve.store import Store

MAX_BODY = 64 * 1024  # a decision is a few hundred bytes; anything near this is not one
MAX_NOTE = 10_000
MAX_NAME = 200
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")  # tab and newline are fine in a note
log = logging.getLogger("claimcheck.serve")


_In = TypeVar("_In", bound=BaseModel)  # a request body's model


class DecisionIn(BaseModel):
    """The body of POST /api/flags/{id}/decision."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    decision: Literal["explained", "confirmed", "false_positive"]
    note: str = Field(default="", max_length=MAX_NOTE)
    by: str = Field(min_length=1, max_length=MAX_NAME)

    @field_validator("note", "by")
    @classmethod
    def _plain(cls, v: str, info: Any) -> str:
        return plain_text(v, one_line=info.field_name == "by")


def plain_text(v: str, one_line: bool) -> str:
    """Text an editor typed: valid Unicode, no control characters (a note may have tabs and newlines)."""
    try:
        v.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("not valid Unicode text (a lone surrogate)") from None
    if CONTROL.search(v) or (one_line and ("\n" in v or "\t" in v)):
        raise ValueError("control characters are not allowed")
    return v


STORY_ID = re.compile(r"[A-Za-z0-9_\-]{1,64}")


class StoryFixIn(BaseModel):
    """The body of POST /api/stories/merge and /api/stories/move: what moves where, and who says so."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    a: str = Field(min_length=1, max_length=1000)  # merge: the story merged away; move: the article's id
    b: str = Field(min_length=1, max_length=64)  # merge: the story it joins; move: the story it goes to
    note: str = Field(default="", max_length=MAX_NOTE)
    by: str = Field(min_length=1, max_length=MAX_NAME)

    @field_validator("a", "note", "by")
    @classmethod
    def _plain(cls, v: str, info: Any) -> str:
        return plain_text(v, one_line=info.field_name != "note")

    @field_validator("b")
    @classmethod
    def _story_id(cls, v: str) -> str:
        if not STORY_ID.fullmatch(v):
            raise ValueError("a story id is letters, digits, '-' and '_'")
        return v


def _error(status: int, message: str, **extra: Any) -> JSONResponse:
    return JSONResponse({"error": message, **extra}, status_code=status)


def _entry(e: Any) -> dict[str, Any]:
    return {"id": e.id, "decision": e.decision, "note": e.note, "by": e.by, "when": e.when}


def create_app(store: Store, *, bind_host: str = "127.0.0.1", token: str | None = None) -> Any:
    """The ASGI app: Starlette routes behind the Guard (Host, token, Origin, CSRF, headers)."""
    from checker.report.html import page_csp

    csrf = secrets.token_urlsafe(32)  # per process: a restarted server hands the page a new one
    page_headers = {"content-security-policy": page_csp(serve=True) + "; frame-ancestors 'none'"}

    def overlay(flag: dict[str, Any], entries: dict[str, Any]) -> dict[str, Any]:
        out = {k: flag.get(k) for k in ("discrepancy_id", "check", "measure", "severity", "status", "summary",
                                        "decision", "note", "by", "when", "story_id")}  # fmt: skip
        e = entries.get(str(out["discrepancy_id"]))
        if e is not None:  # a decision recorded since the run: what the next run will say
            out["status"] = "known" if e.decision == "baseline" else "reconciled"
            out.update(decision=e.decision, note=e.note, by=e.by, when=e.when)
        return out

    async def entries_by_id() -> dict[str, Any]:
        try:
            return {e.id: e for e in await run_in_threadpool(store.entries)}
        except ReconciliationError as exc:
            raise HTTPException(409, f"the reconciliation file is invalid: {exc}") from exc

    async def page(request: Request) -> Response:
        run = await run_in_threadpool(store.run)
        html = await run_in_threadpool(run.page)
        return HTMLResponse(html, headers=page_headers)

    async def session(request: Request) -> Response:
        return JSONResponse({"csrf": csrf, "decisions": ["explained", "confirmed", "false_positive"],
                             "file": store.reconciliations.name})  # fmt: skip

    async def run_info(request: Request) -> Response:
        run = await run_in_threadpool(store.run)
        return JSONResponse({"run": run.report.get("run") or {}, "flags": len(run.flags), "claims": len(run.claims)})

    async def stories(request: Request) -> Response:
        run = await run_in_threadpool(store.run)
        return JSONResponse({"stories": run.report.get("stories")})

    async def flags(request: Request) -> Response:
        run, entries = await run_in_threadpool(store.run), await entries_by_id()
        return JSONResponse({"flags": [overlay(f, entries) for f in run.flags.values()]})

    async def flag(request: Request) -> Response:
        run, entries = await run_in_threadpool(store.run), await entries_by_id()
        f = run.flags.get(request.path_params["flag_id"])
        if f is None:
            return _error(404, "no such flag in the current run")
        claims = [run.claims[c] for c in f.get("claim_ids") or [] if c in run.claims]
        return JSONResponse({"flag": {**f, **overlay(f, entries)}, "claims": claims})

    async def decisions(request: Request) -> Response:
        try:
            entries = await run_in_threadpool(store.entries)
        except ReconciliationError as exc:
            return _error(409, f"the reconciliation file is invalid: {exc}")
        return JSONResponse({"file": store.reconciliations.name, "entries": [_entry(e) for e in entries]})

    async def body_as(request: Request, model: type[_In]) -> _In | Response:
        """The request's JSON body read into `model`, or the 4xx response that refuses it."""
        data = await json_body(request)
        if isinstance(data, Response):
            return data
        try:
            return model.model_validate(data)
        except ValidationError as exc:
            problems = "; ".join(f"{'.'.join(str(x) for x in e['loc']) or 'body'}: {e['msg']}" for e in exc.errors())
            return _error(422, problems)

    async def json_body(request: Request) -> Any:
        """The request's JSON body, or the 4xx response that refuses it."""
        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if ctype != "application/json":
            return _error(415, "send the body as application/json")
        try:
            declared = int(request.headers.get("content-length") or 0)
        except ValueError:
            return _error(400, "bad Content-Length")
        if declared > MAX_BODY:
            return _error(413, f"request body over {MAX_BODY} bytes")
        body = b""
        async for chunk in request.stream():
            body += chunk
            if len(body) > MAX_BODY:
                return _error(413, f"request body over {MAX_BODY} bytes")
        try:
            return json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            return _error(400, "the body is not JSON")

    async def decide(request: Request) -> Response:
        d = await body_as(request, DecisionIn)
        if isinstance(d, Response):
            return d
        flag_id = request.path_params["flag_id"]
        run = await run_in_threadpool(store.run)
        if flag_id not in run.flags:
            return _error(404, "no such flag in the current run; reload the page")
        try:
            entry = await run_in_threadpool(store.decide, flag_id, d.decision, d.note, d.by)
        except ReconciliationError as exc:
            return _error(409, f"the reconciliation file is invalid, fix it first: {exc}")
        except ValidationError:
            return _error(409, "this flag's record in report.json cannot be read; rerun `claimcheck run`")
        except ClaimcheckError as exc:  # the file's lock stayed taken, or it cannot be written
            return _error(503, str(exc))
        log.info("%s: %s %s by %s", store.reconciliations, entry.id, entry.decision, entry.by)
        return JSONResponse({"entry": _entry(entry)}, status_code=201)

    async def http_error(request: Request, exc: Exception) -> Response:
        status = exc.status_code if isinstance(exc, HTTPException) else 404
        known = {404: "not found", 405: "method not allowed"}
        return _error(status, known.get(status) or str(getattr(exc, "detail", "refused")))

    async def correct_story(request: Request) -> Response:
        """POST /api/stories/merge {a: story, b: into} or /api/stories/move {a: article, b: story}: an editor's
        correction of the story step, recorded in the reconciliation file and applied from the next run."""
        kind = request.path_params["kind"]
        if kind not in ("merge", "move"):
            return _error(404, "not found")
        fix = await body_as(request, StoryFixIn)
        if isinstance(fix, Response):
            return fix
        run = await run_in_threadpool(store.run)
        stories = {str(s.get("story_id")) for s in run.report.get("stories") or [] if isinstance(s, dict)}
        articles = {str(a.get("article_id")) for a in run.report.get("articles") or [] if isinstance(a, dict)}
        if kind == "merge" and not {fix.a, fix.b} <= stories:
            return _error(404, "no such story in the current run; reload the page")
        if kind == "move" and fix.a not in articles:
            return _error(404, "no such article in the current run; reload the page")
        try:
            entry = await run_in_threadpool(adapter.correct_story, store.reconciliations, kind, fix.a, fix.b,
                                            fix.note, fix.by)  # fmt: skip
        except ReconciliationError as exc:
            return _error(409, f"the reconciliation file is invalid, fix it first: {exc}")
        except ClaimcheckError as exc:  # the same story into itself, or the file's lock stayed taken
            return _error(422 if "itself" in str(exc) else 503, str(exc))
        log.info("%s: story %s %s %s by %s", store.reconciliations, kind, entry.a, entry.b, entry.by)
        return JSONResponse({"correction": entry.model_dump()}, status_code=201)

    app = Starlette(
        routes=[
            Route("/", page, methods=["GET"]),
            Route("/api/session", session, methods=["GET"]),
            Route("/api/run", run_info, methods=["GET"]),
            Route("/api/stories", stories, methods=["GET"]),
            Route("/api/flags", flags, methods=["GET"]),
            Route("/api/flags/{flag_id:str}", flag, methods=["GET"]),
            Route("/api/flags/{flag_id:str}/decision", decide, methods=["POST"]),
            Route("/api/decisions", decisions, methods=["GET"]),
            Route("/api/stories/{kind:str}", correct_story, methods=["POST"]),
        ],
        exception_handlers={HTTPException: http_error},
    )
    return Guard(app, bind_host=bind_host, token=token, csrf=csrf)
