"""DF002 command-injection: untrusted data in an OS command (CWE-78)."""

from __future__ import annotations

from scanner.checks.dataflow.base import DataflowRule
from scanner.rule import Invalid, Valid


class CommandInjection(DataflowRule):
    """## What it does
    Reports untrusted input (request data, `input()`, `sys.argv`, socket data, and here also
    environment variables) that reaches a shell command (`os.system`, `os.popen`,
    `subprocess.*(..., shell=True)`, `subprocess.getoutput`) or becomes the program that
    `subprocess`/`os.exec*` runs.

    ## Why is this bad?
    A shell interprets `;`, `|`, `$(...)` and backquotes: `file.txt; rm -rf ~` runs two commands.

    ## Example
    ```python
    host = request.args["host"]
    os.system("ping -c 1 " + host)
    ```

    ## Use instead
    Pass a list of arguments without a shell (`subprocess.run(["ping", "-c", "1", host])`), or
    quote with `shlex.quote()` when a shell is unavoidable.

    ## Options
    Sources, sinks and sanitizers are data (`rules/dataflow/python.toml`, extend with
    `dataflow-specs`).

    ## Known limits
    - With `shell=True` and a list, only the first element (the command line) counts: the others
      become the shell's `$0`, `$1`... and are not run.
    - In list form without a shell only the program (first element) counts; an argument that the
      called program itself interprets as code or as an option (`--exec=...`) is not reported.
    - A command list built over several statements counts as list form only when its first element
      is a literal; an element added with `append`/`extend`/`insert`, or with `+`/`+=` to a list
      that has a first element (`[sys.executable] + sys.argv`), counts as an argument, never as
      the program. `sys.argv[0]` is the program's own path, not input.
    - A regular expression guard (`fullmatch`, or anchored `match`/`search`) counts when it
      rules out shell metacharacters, quotes and whitespace.
    - Attributes (`self.dest = dest` in `__init__`, or `job.dest = x` on an instance of a class of
      the module, read as `self.dest` in `run()`) are followed per class, not per instance: two
      instances of a class share what their attributes may hold.
    - Other modules: calls of functions imported from scanned files are followed (sinks inside
      them, what they return, sanitizers), and so are methods of imported classes (`mod.Class.method(x)`,
      `Class(a).method(x)`, or on a name bound once to `Class(a)`); objects built in another
      module and returned, and a file that names no source itself, are not (a request passed to
      an imported class's constructor counts as named).

    ## References
    - [CWE-78](https://cwe.mitre.org/data/definitions/78.html)
    """

    code = "DF002"
    name = "command-injection"
    summary = "Untrusted data reaches an OS command"
    cwe = (78,)
    security_severity = 9.8
    equivalents = ("bandit:B602", "bandit:B605", "semgrep:python.lang.security.dangerous-subprocess-use")
    sink_kind = "command"
    labels = frozenset({"user", "cli", "env"})

    VALID = [
        Valid("""\
            import configparser
            import subprocess
            from flask import request
            def run():
                config = configparser.ConfigParser()
                config.set("DEFAULT", "cmd", "uptime")
                subprocess.run(config.get("DEFAULT", "cmd"), shell=True)
                return request.args["x"]
            """),
        Valid("""\
            import os
            from flask import request
            from tools.sh import shell_quote
            def ping():
                os.system("ping -c 1 " + shell_quote(request.args["host"]))
            """),
        Valid("""\
            import os
            class Settings:
                def get_argument(self, name):
                    return {"host": "localhost"}[name]
                def get(self, key):
                    os.system("ping " + self.get_argument("host") + key)
            """),
        Valid("""\
            import subprocess
            import sys
            from pathlib import Path
            def restart():
                args = [sys.executable] + sys.argv
                subprocess.Popen(args)
            def child_arguments():
                args = [sys.executable, "-W", "default"]
                args += sys.argv[1:]
                return [Path(sys.argv[0]).with_suffix(".exe"), *sys.argv[1:]] if args else args
            subprocess.run(child_arguments())
            """),
        # constant conditions and constant containers stop a flow (constants.py)
        Valid("""\
            import os
            from flask import request
            def run():
                num = 106
                param = request.args["d"]
                bar = "safe" if 7 * 18 + num > 200 else param
                os.system("ls " + bar)
            """),
        Valid("""\
            import os
            from flask import request
            def run():
                m = {"a": "docs", "b": request.args["d"]}
                os.system("ls " + m["a"])
            """),
        Valid("""\
            import os
            from flask import request
            def run():
                param = request.args["d"]
                match "b":
                    case "a":
                        bar = param
                    case "b":
                        bar = "docs"
                    case _:
                        bar = param
                if 200 < 100:
                    bar = param
                os.system("ls " + bar)
            """),
        Valid("""\
            import subprocess
            from flask import request
            def history():
                argv = ["git", "log", "--oneline"]
                argv.append(request.args["path"])
                return subprocess.run(argv, capture_output=True).stdout
            """),
        Valid("""\
            import subprocess
            from flask import request
            def ping():
                host = request.args["host"]
                subprocess.run(["ping", "-c", "1", host], check=True)
            """),
        Valid("""\
            import os, shlex
            from flask import request
            def ping():
                host = shlex.quote(request.args["host"])
                os.system("ping -c 1 " + host)
            """),
        Valid("""\
            import os
            import sys
            def main():
                target = sys.argv[1]
                target = "localhost"
                os.system(f"ping -c 1 {target}")
            """),
        Valid("""\
            import subprocess
            def run(cmd):
                subprocess.check_output(cmd, shell=True)
            run("ls -l /tmp")
            """),
        Valid("""\
            import os
            import sys
            n = int(sys.argv[1])
            os.system("seq %d" % n)
            """),
        Valid("""\
            import os
            import shlex
            from flask import request
            def convert():
                fmt = shlex.quote(request.form["format"])
                os.execvp("sh", ["sh", "-c", "convert in.png out." + fmt])
            """),
        Valid("""\
            import os
            from flask import request
            def archive():
                name = request.args["name"]
                if not name.isalnum():
                    return "bad name", 400
                os.system("tar czf /backups/" + name + ".tgz /srv/data")
            """),
        Valid("""\
            import os, re
            from flask import abort, request
            HOST = re.compile(r"^[a-z0-9.-]+$")
            def ping():
                host = request.args["host"]
                if HOST.match(host) is None:
                    abort(400)
                os.system("ping -c 1 " + host)
            """),
        Valid("""\
            import os
            from flask import request
            class Job:
                def __init__(self, dest):
                    self.dest = dest
                    self.mode = "archive"
                def run(self):
                    return os.system("rsync -a --" + self.mode + " /srv/data/ /backup/")
            def sync():
                return Job(request.form["dest"]).run()
            """),
        Valid("""\
            import subprocess
            from flask import request
            def archive():
                subprocess.run(["tar czf /backups/out.tgz /srv/data", request.args["label"]], shell=True)
            """),
        # server-set CGI variables are not the client's; other (event, context) shapes are no entry point
        Valid("""\
            import os
            def application(environ, start_response):
                os.system("host " + environ["REMOTE_ADDR"] + " " + environ.get("SERVER_PORT", ""))
                start_response("200 OK", [])
                return [b""]
            def on_click(event, context, widget):
                os.system("ls " + event.path)
            """),
        Valid("""\
            import os
            class Wrapper:
                def __init__(self, r):
                    self.r = r
                def get_param(self, name):
                    return self.r.args.get(name)
            def ping(options):
                os.system("ping " + Wrapper(options).get_param("host"))
            """),
    ]
    INVALID = [
        Invalid("""\
            import configparser
            import os
            import subprocess
            from flask import request
            def run():
                config = configparser.ConfigParser()
                config.set("DEFAULT", "cmd", request.args["cmd"])
                subprocess.run(config.get("DEFAULT", "cmd"), shell=True)
                config["main"]["host"] = request.form["host"]
                os.system("ping " + config["main"]["host"])
            """, 8, 10),
        Invalid("""\
            import os
            import tornado.web
            class Ping(tornado.web.RequestHandler):
                def get(self, iface):
                    os.system("ping -I " + iface + " " + self.get_argument("host"))
            """, 5),
        Invalid("""\
            import subprocess
            import sys
            subprocess.run(["sh", "-c"] + sys.argv[1:2])
            subprocess.run(sys.argv[1:])
            """, 3, 4),
        Invalid("""\
            import os
            from flask import request
            def run():
                m = {"a": "docs", "b": request.args["d"]}
                items = ["docs", request.args["e"]]
                os.system("ls " + m["b"])
                os.system("ls " + items[1])
                num = int(request.args["n"])
                bar = "safe" if 7 * 18 + num > 200 else request.args["f"]
                os.system("ls " + bar)
            """, 6, 7, 10),
        Invalid("""\
            import os
            import subprocess
            from flask import request
            def run():
                for name in request.args.getlist("d"):
                    found = name
                    break
                os.system("ls " + found)
                cmd = ["sh", "-c"]
                cmd.append("ls " + request.args["e"])
                subprocess.run(cmd)
            """, 8, 11),
        Invalid("""\
            import os
            from flask import request
            class Job:
                def __init__(self):
                    self.dest = "/backup/"
                def run(self):
                    return os.system("rsync -a /srv/data/ " + self.dest)
            def sync():
                job = Job()
                job.dest = request.form["dest"]
                return job.run()
            """, 7),
        Invalid("""\
            import subprocess
            from flask import request
            def archive():
                subprocess.run(["tar czf /backups/" + request.args["label"] + ".tgz /srv/data"], shell=True)
            """, 4),
        Invalid("""\
            import os
            from flask import request
            class SyncJob:
                def __init__(self, destination):
                    self.destination = destination
                def run(self):
                    return os.system("rsync -a /srv/data/ " + self.destination)
            def sync():
                job = SyncJob(request.form["dest"])
                return job.run()
            """, 7),
        Invalid("""\
            import os
            class Handler:
                def load(self, request):
                    self.target = request.GET["target"]
                def ping(self):
                    os.system("ping -c 1 " + self.target)
            """, 6),
        Invalid("""\
            import paramiko
            from flask import request
            def remote():
                client = paramiko.SSHClient()
                client.connect("backup.internal")
                client.exec_command("ls " + request.args["dir"])
            """, 6),
        Invalid("""\
            import os, re
            from flask import abort, request
            def ping():
                host = request.args["host"]
                if not re.match(r"^[\\w. ;-]+$", host):
                    abort(400)
                os.system("ping -c 1 " + host)
            """, 7),
        Invalid("""\
            import os
            from flask import request
            def ping():
                host = request.args.get("host")
                os.system("ping -c 1 " + host)
            """, 5),
        Invalid("""\
            import subprocess as sp
            import sys
            def main():
                path = sys.argv[1]
                cmd = "tar czf backup.tgz %s" % path
                sp.call(cmd, shell=True)
            """, 6),
        Invalid("""\
            import os
            def backup():
                target = os.environ["BACKUP_DIR"]
                return os.popen(f"du -sh {target}").read()
            """, 4),
        Invalid("""\
            import subprocess
            def convert(name):
                subprocess.run(f"convert {name} out.png", shell=True)
            def handler(request):
                convert(request.POST["file"])
            """, 3),
        Invalid("""\
            import socket, subprocess
            def serve(conn: socket.socket):
                data = conn.recv(1024).decode()
                subprocess.Popen(["sh", "-c", data])
            """, 4),
        Invalid("""\
            import subprocess
            prog = input("program: ")
            subprocess.run([prog, "--version"])
            """, 3),
        Invalid("""\
            import os
            from flask import request
            def convert():
                fmt = request.form["format"]
                os.execvp("sh", ["sh", "-c", "convert in.png out." + fmt])
            """, 5),
        Invalid("""\
            import os
            from flask import request
            def run(presets):
                cmd = presets.get("cmd", request.args["cmd"])
                os.system(cmd)
            """, 5),
        # entry points by their parameters: an AWS Lambda handler's event, a WSGI application's environ
        Invalid("""\
            import os
            import subprocess
            def lambda_handler(event, context):
                os.system("convert " + event["queryStringParameters"]["file"])
            def application(environ, start_response):
                subprocess.run("grep " + environ.get("QUERY_STRING", ""), shell=True)
                start_response("200 OK", [])
                return [b""]
            """, 4, 6),
        # an application's own wrapper of the request, whatever its parameter is named
        Invalid("""\
            import os
            from flask import request
            class Wrapper:
                def __init__(self, r):
                    self.r = r
                def get_param(self, name):
                    return self.r.args.get(name)
            def ping():
                os.system("ping " + Wrapper(request).get_param("host"))
            """, 9),
    ]
