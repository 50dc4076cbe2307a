"""The HTTP API's request and response bodies, one module per router family.

Every console and admin route declares its answer with these, so the OpenAPI document
(`/openapi.json`) is exact and a change of shape shows in review. The console's views
are defined where they are built (`staff.views`) and re-exported here.
"""
