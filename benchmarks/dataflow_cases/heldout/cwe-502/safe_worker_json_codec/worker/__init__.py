# safe (package, 3 modules): socket bytes from worker/net.py reach worker/codec.py decode(), which uses json.loads (no object construction)
