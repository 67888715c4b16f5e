from urllib.parse import quote

from markupsafe import Markup, escape


def tag_link(tag):
    return Markup('<a class="tag" href="/tags/{}">{}</a>').format(quote(tag, safe=""), escape(tag))


def tag_list(tags):
    return Markup(" ").join(tag_link(t) for t in tags)
