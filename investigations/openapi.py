"""The OpenAPI description of the open data (`/api/schema.json`), tested against the
answers of `/api/problemes.json`."""

from django.urls import reverse

PHASE = {
    "type": "object",
    "required": ["name", "start", "end"],
    "properties": {
        "name": {
            "type": "string",
            "description": "investigation, construction, transfer, alumni… Consumers must "
            "tolerate phases they do not know.",
        },
        "start": {"type": "string", "format": "date"},
        "end": {"type": ["string", "null"], "format": "date"},
    },
}

EVENT = {
    "type": "object",
    "required": ["name", "date"],
    "properties": {
        "name": {
            "type": "string",
            "description": "committee: the investment committee's decision; "
            "next_step: what followed it (in construction, continued elsewhere with its "
            "link, a pivot, an abandon whose post-mortem is in content_markdown). Consumers "
            "must tolerate names they do not know.",
        },
        "date": {"type": "string", "format": "date"},
        "comment": {"type": "string"},
    },
}

PROBLEM = {
    "type": "object",
    "required": ["id", "type", "attributes", "relationships"],
    "properties": {
        "id": {"type": "string", "description": "The stable slug of the public page."},
        "type": {"type": "string", "const": "startup"},
        "attributes": {
            "type": "object",
            "required": [
                "name",
                "pitch",
                "link",
                "incubator",
                "phases",
                "events",
                "thematiques",
                "sponsors",
                "content_markdown",
            ],
            "properties": {
                "name": {"type": "string"},
                "pitch": {"type": "string"},
                "link": {"type": "string", "format": "uri"},
                "incubator": {"type": "string", "const": "anct"},
                "phases": {"type": "array", "items": {"$ref": "#/components/schemas/Phase"}},
                "events": {"type": "array", "items": {"$ref": "#/components/schemas/Event"}},
                "thematiques": {"type": "array", "items": {"type": "string"}},
                "sponsors": {"type": "array", "items": {"type": "string"}},
                "collectivity_kind": {
                    "type": "string",
                    "enum": ["commune", "epci", "departement", "region", "other"],
                },
                "departement": {"type": "string"},
                "published_at": {"type": "string", "format": "date-time"},
                "content_markdown": {"type": "string"},
            },
        },
        "relationships": {"type": "object"},
    },
}

PAGE = {
    "type": "object",
    "required": ["data", "links", "meta"],
    "properties": {
        "data": {"type": "array", "items": {"$ref": "#/components/schemas/Problem"}},
        "links": {
            "type": "object",
            "required": ["self"],
            "properties": {
                "self": {"type": "string", "format": "uri"},
                "next": {"type": "string", "format": "uri"},
                "prev": {"type": "string", "format": "uri"},
            },
        },
        "meta": {
            "type": "object",
            "required": ["count", "page"],
            "properties": {"count": {"type": "integer"}, "page": {"type": "integer"}},
        },
    },
}


def schema(request) -> dict:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Problèmes publics — Incubateur des territoires (ANCT)",
            "version": "1.0.0",
            "description": "The published fiches problème, in the shape of the beta.gouv.fr "
            "startups API where it fits. Consumers must tolerate unknown phases and "
            "attributes.",
        },
        "servers": [{"url": request.build_absolute_uri("/").rstrip("/")}],
        "paths": {
            reverse("investigations:api_problems"): {
                "get": {
                    "summary": "Published problems, newest first, 50 per page.",
                    "operationId": "listProblems",
                    "parameters": [
                        {
                            "name": "page",
                            "in": "query",
                            "required": False,
                            "schema": {"type": "integer", "minimum": 1},
                        }
                    ],
                    "responses": {
                        "200": {
                            "description": "One page of published problems.",
                            "headers": {"ETag": {"schema": {"type": "string"}}},
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/ProblemPage"}
                                }
                            },
                        },
                        "304": {"description": "Unchanged since the ETag sent (If-None-Match)."},
                    },
                }
            }
        },
        "components": {
            "schemas": {"Phase": PHASE, "Event": EVENT, "Problem": PROBLEM, "ProblemPage": PAGE}
        },
    }
