"""The route of a workshop's assumptions (``/api/workshops/{workshop_id}/assumptions``).

The wire models and :func:`~server.assumptions.assumptions_out` live in :mod:`server.assumptions`,
which the wire contracts (:mod:`server.protocol`) import; the handler needs the API's helpers,
so it sits here, outside that import chain.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from server.assumptions import AssumptionsIn, assumptions_out

if TYPE_CHECKING:
    from starlette.requests import Request
    from starlette.responses import Response
    from starlette.routing import Route


async def assumptions(request: Request) -> Response:
    """``GET``: the workshop's assumptions; ``POST`` an :class:`AssumptionsIn` to set them (facilitator)."""
    from game_rules.params import validate_overrides
    from server.api import ApiError, error_response, ok

    api = request.app.state.api
    workshop_id = request.path_params["workshop_id"]
    try:
        await api.facilitator(request, workshop_id)
        if request.method == "POST":
            spec: AssumptionsIn = await api.body(request, AssumptionsIn)
            try:
                values = validate_overrides(spec.values or {})
            except ValueError as exc:
                raise ApiError(422, "bad_request", str(exc)) from None
            await api.live.db(api.store.set_assumptions, workshop_id, values or None)
            for rt in tuple(api.live.tables.values()):
                if rt.row.workshop_id == workshop_id and rt.state is not None:
                    api.live.schedule_assessment(rt)
        workshop = await api.live.db(api.store.workshop, workshop_id)
        if workshop is None:
            raise ApiError(404, "not_found", f"no workshop {workshop_id!r}")
    except ApiError as exc:
        return error_response(exc.status, exc.error, exc.message)
    return ok(assumptions_out(dict(workshop.assumptions)))


def routes() -> list[Route]:
    """The assumptions route for the server's app."""
    from starlette.routing import Route

    return [Route("/api/workshops/{workshop_id}/assumptions", assumptions, methods=["GET", "POST"])]
