"""The sessions part of the REST API under /admin/api/v1/ (the rooms part is rooms/api.py):
views parse and call a service, serializers say what goes in and out, urls route; the schema
and its docs pages are routed here too. docs/api.md lists every endpoint."""
