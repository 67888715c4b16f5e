# safe (package): rules/api.py passes the condition to rules/engine.py, which parses it as field/operator/literal with ast.literal_eval and a constant operator table
