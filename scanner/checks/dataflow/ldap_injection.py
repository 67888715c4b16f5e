"""DF011 ldap-injection: untrusted data in an LDAP search filter or base (CWE-90)."""

from __future__ import annotations

from scanner.checks.dataflow.base import DataflowRule
from scanner.rule import Invalid, Valid


class LdapInjection(DataflowRule):
    """## What it does
    Reports untrusted input that reaches the filter or the base DN of an LDAP search: python-ldap's
    `search`/`search_s`/`search_st`/`search_ext`/`search_ext_s` on a connection from
    `ldap.initialize()`, ldap3's `Connection.search()` and `paged_search()`.

    ## Why is this bad?
    A value such as `*)(uid=*))(|(uid=*` rewrites the filter: the search returns other users'
    entries, or an authentication check that searches for `(&(uid=NAME)(password=PW))` passes for
    anyone.

    ## Example
    ```python
    conn.search("dc=example,dc=com", f"(uid={request.args['user']})")
    ```

    ## Use instead
    Escape every value put in a filter (`ldap3.utils.conv.escape_filter_chars`,
    `ldap.filter.escape_filter_chars`, or `ldap.filter.filter_format`) and every value put in a DN
    (`escape_rdn`, `ldap.dn.escape_dn_chars`).

    ## Known limits
    - `search` counts on objects whose type is known (a variable bound to `ldap3.Connection(...)` or
      `ldap.initialize(...)`, or the chained call); a connection passed in as a parameter is not
      recognised (`paged_search` and the `search_s` family count anywhere in a file importing the
      library).

    ## References
    - [CWE-90](https://cwe.mitre.org/data/definitions/90.html)
    """

    code = "DF011"
    name = "ldap-injection"
    summary = "Untrusted data reaches an LDAP search filter or base"
    cwe = (90,)
    security_severity = 8.1
    equivalents = ("semgrep:python.lang.security.audit.ldap-injection",)
    sink_kind = "ldap"
    sink_keywords = ("search",)

    VALID = [
        Valid("""\
            import ldap3
            from ldap3.utils.conv import escape_filter_chars
            from flask import request
            def find():
                conn = ldap3.Connection(ldap3.Server("ldap://localhost"))
                user = escape_filter_chars(request.args["user"])
                conn.search("dc=example,dc=com", f"(uid={user})")
            """),
        Valid("""\
            import ldap
            import re
            from flask import request
            def find():
                conn = ldap.initialize("ldap://localhost")
                conn.search_s("dc=example,dc=com", ldap.SCOPE_SUBTREE, "(objectClass=person)")
                return re.search(request.args["pattern"], "text")
            """),
        Valid("""\
            import ldap
            from ldap.filter import escape_filter_chars
            from ldap.dn import escape_dn_chars
            from flask import request
            def find():
                conn = ldap.initialize("ldap://localhost")
                base = "ou=%s,dc=example,dc=com" % escape_dn_chars(request.args["ou"])
                conn.search(base, ldap.SCOPE_SUBTREE, "(uid=%s)" % escape_filter_chars(request.args["u"]))
            """),
        Valid("""\
            import ldap3
            from ldap3.utils.dn import escape_rdn
            def lookup(request):
                conn = ldap3.Connection("ldap://localhost")
                dn = "ou={},dc=example,dc=com".format(escape_rdn(request.GET["ou"]))
                return list(conn.extend.standard.paged_search(search_base=dn, search_filter="(cn=*)"))
            """),
        Valid("""\
            import ldap
            from ldap.filter import filter_format
            from flask import request
            def find():
                conn = ldap.initialize("ldap://localhost")
                flt = filter_format("(cn=%s)", [request.form["name"]])
                return conn.search_s("dc=example,dc=com", ldap.SCOPE_SUBTREE, filterstr=flt)
            """),
        Valid("""\
            import ldap3
            import re
            from flask import request
            def check():
                return re.search(r"\\d+", request.args["user"])
            """),
    ]
    INVALID = [
        Invalid("""\
            import ldap3
            from flask import request
            def find():
                conn = ldap3.Connection(ldap3.Server("ldap://localhost"), auto_bind=True)
                conn.search("dc=example,dc=com", "(uid=%s)" % request.args["user"])
            """, 5),
        Invalid("""\
            import ldap
            from flask import request
            def find():
                conn = ldap.initialize("ldap://localhost")
                flt = "(cn=" + request.form["name"] + ")"
                return conn.search_s("dc=example,dc=com", ldap.SCOPE_SUBTREE, filterstr=flt)
            """, 6),
        Invalid("""\
            import ldap3
            def lookup(request):
                conn = ldap3.Connection("ldap://localhost")
                dn = "ou={},dc=example,dc=com".format(request.GET["ou"])
                return list(conn.extend.standard.paged_search(search_base=dn, search_filter="(cn=*)"))
            """, 5),
        Invalid("""\
            import ldap
            from flask import request
            def find():
                conn = ldap.initialize("ldap://localhost")
                return conn.search("dc=example,dc=com", ldap.SCOPE_SUBTREE, "(uid=" + request.args["u"] + ")")
            """, 5),
    ]
