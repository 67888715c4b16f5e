# Safe: the user only supplies the cache key; pickle.loads runs on bytes this service itself pickled into its in-process cache, never on request data.
import hashlib
import pickle
import time

from fastapi import FastAPI, HTTPException

app = FastAPI()
_CACHE: dict[str, tuple[float, bytes]] = {}
TTL_S = 300


def cache_key(user_key: str) -> str:
    return hashlib.sha256(user_key.encode()).hexdigest()


def expensive_summary(name: str) -> dict:
    return {"name": name, "length": len(name), "computed_at": time.time()}


def cached_summary(name: str) -> dict:
    key = cache_key(name)
    hit = _CACHE.get(key)
    if hit and time.time() - hit[0] < TTL_S:
        return pickle.loads(hit[1])
    value = expensive_summary(name)
    _CACHE[key] = (time.time(), pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    return value


@app.get("/summary/{name}")
def summary(name: str):
    if len(name) > 200:
        raise HTTPException(status_code=414)
    return cached_summary(name)
