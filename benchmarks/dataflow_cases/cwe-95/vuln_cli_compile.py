import sys

source = open(sys.argv[1]).read() if len(sys.argv) > 2 else sys.argv[1]
code = compile(source, "<cli>", "exec")
exec(code)
