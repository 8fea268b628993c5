"""A Django 5 "CMS" for tests/gateway_differential.rs, served by gunicorn on 127.0.0.1.

It records what Django itself parsed from each request, the way a CMS view reads it:
request.GET, request.POST, request.FILES (name, content type, contents; Django decodes a part's
Content-Transfer-Encoding: base64 and the form's charset), json.loads(request.body), and the raw
body. When the request says Content-Encoding gzip or deflate the body is decoded first and then
parsed by Django's own parsers. Every string is kept as base64 bytes with where it was read. One
JSON line per request is appended to $DIFFTEST_RECORD and sent back. The test, not this file,
decides whether anything read is protected.
"""

import base64
import json
import os
import zlib

from django.conf import settings

settings.configure(
    DEBUG=False,
    ALLOWED_HOSTS=["*"],
    ROOT_URLCONF=__name__,
    SECRET_KEY="difftest-only-not-a-secret",
    MIDDLEWARE=[],
    INSTALLED_APPS=[],
    DATA_UPLOAD_MAX_MEMORY_SIZE=None,
    DATA_UPLOAD_MAX_NUMBER_FIELDS=None,
    DATA_UPLOAD_MAX_NUMBER_FILES=None,
    FILE_UPLOAD_MAX_MEMORY_SIZE=64 << 20,
)

import django  # noqa: E402

django.setup()

from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.urls import re_path  # noqa: E402

RECORD = os.environ["DIFFTEST_RECORD"]


def record(request):
    values = []

    def add(where, value):
        if isinstance(value, str):
            value = value.encode("utf-8", "surrogatepass")
        values.append([where, base64.b64encode(bytes(value)).decode("ascii")])

    def walk(where, value):
        if isinstance(value, dict):
            for key, inner in value.items():
                add(where + ".key", key)
                walk(where + "." + key, inner)
        elif isinstance(value, list):
            for i, inner in enumerate(value):
                walk("%s.%d" % (where, i), inner)
        elif isinstance(value, str):
            add(where, value)

    errors = []
    body = request.body
    add("body", body)
    encoding = request.META.get("HTTP_CONTENT_ENCODING", "").strip().lower()
    try:
        if encoding in ("gzip", "x-gzip"):
            body = zlib.decompress(body, 16 + zlib.MAX_WBITS)
        elif encoding == "deflate":
            try:
                body = zlib.decompress(body)
            except zlib.error:
                body = zlib.decompress(body, -zlib.MAX_WBITS)
        if encoding:
            add("body.decoded", body)
            # Django's parsers read the cached body: hand them the decoded one.
            request._body = body
            request.META["CONTENT_LENGTH"] = str(len(body))
    except zlib.error as e:
        errors.append("content-encoding: %s" % e)

    for key, items in request.GET.lists():
        add("get.key", key)
        for item in items:
            add("get." + key, item)
    try:
        for key, items in request.POST.lists():
            add("post.key", key)
            for item in items:
                add("post." + key, item)
        for key, uploads in request.FILES.lists():
            add("files.key", key)
            for upload in uploads:
                add("files.%s.name" % key, upload.name or "")
                add("files.%s.content_type" % key, upload.content_type or "")
                add("files.%s.content" % key, upload.read())
    except Exception as e:  # Django refuses the body: record that it read nothing.
        errors.append("%s: %s" % (type(e).__name__, e))
    content_type = request.META.get("CONTENT_TYPE", "")
    if "json" in content_type.lower() or body.lstrip()[:1] in (b"{", b"["):
        try:
            walk("json", json.loads(body))
        except ValueError as e:
            errors.append("json: %s" % e)
    add("x-filename", request.META.get("HTTP_X_FILENAME", ""))
    add("content-disposition", request.META.get("HTTP_CONTENT_DISPOSITION", ""))
    add("uri", request.META.get("QUERY_STRING", "").encode("latin-1", "replace"))

    line = json.dumps(
        {
            "app": "django",
            "case": request.META.get("HTTP_X_DIFFTEST_CASE"),
            "method": request.method,
            "verdict": request.META.get("HTTP_X_MIJIAN_VERDICT"),
            "request_id": request.META.get("HTTP_X_MIJIAN_REQUEST_ID"),
            "rules_version": request.META.get("HTTP_X_MIJIAN_RULES_VERSION"),
            "content_type": content_type,
            "content_encoding": request.META.get("HTTP_CONTENT_ENCODING"),
            "errors": errors,
            "values": values,
        }
    )
    with open(RECORD, "a", encoding="utf-8") as f:
        f.write(line + "\n")
    return HttpResponse(line + "\n", content_type="application/json")


urlpatterns = [re_path(r"", record)]
application = get_wsgi_application()
