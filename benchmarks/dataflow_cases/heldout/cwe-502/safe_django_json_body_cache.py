# safe: request.body is decoded with json.loads; pickle is only used to dump (serialize) the validated dict into the cache
import json
import pickle

from django.core.cache import cache
from django.http import HttpResponseBadRequest, JsonResponse


def store_draft(request, draft_id):
    try:
        draft = json.loads(request.body)
    except json.JSONDecodeError:
        return HttpResponseBadRequest("invalid JSON")
    if not isinstance(draft, dict):
        return HttpResponseBadRequest("object expected")
    cache.set(f"draft:{int(draft_id)}", pickle.dumps(draft), timeout=3600)
    return JsonResponse({"stored": True})
