# Relabeled safe in session 3 (issue 15): the program's interface is "give me a Python program"
# (a file or the argument, run whole); whoever runs it could run any code already (DF003 docs).
import sys

source = open(sys.argv[1]).read() if len(sys.argv) > 2 else sys.argv[1]
code = compile(source, "<cli>", "exec")
exec(code)
