# vuln (package): rules/api.py passes request.json["condition"] to rules/engine.py Rule(...).matches(), which eval()s self.condition
