from markupsafe import escape


def entry_html(author: str, message: str) -> str:
    return f'<article><h3>{escape(author)}</h3><p>{escape(message)}</p></article>'


def page(entries_html: list[str], notice: str = "") -> str:
    banner = f'<div class="notice">{escape(notice)}</div>' if notice else ""
    return "<!doctype html><html><body>" + banner + "".join(entries_html) + "</body></html>"
