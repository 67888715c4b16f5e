# Safe: server.py hands the uploaded job spec to spec.load_spec, which calls yaml.load with Loader=yaml.SafeLoader (plain data only, no Python objects).
