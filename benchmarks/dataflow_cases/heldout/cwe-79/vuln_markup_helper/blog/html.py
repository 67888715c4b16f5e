from markupsafe import Markup


def tag_link(tag):
    return '<a class="tag" href="/tags/%s">%s</a>' % (tag, tag)


def tag_list(tags):
    return Markup(" ".join(tag_link(t) for t in tags))
