# Safe: the display name and website from GET parameters go through django.utils.html.format_html, which escapes every argument.
from django.http import HttpResponse
from django.utils.html import format_html, format_html_join
from django.views.decorators.cache import never_cache

DEFAULT_TAGS = ("python", "django")


def profile_card(display_name: str, website: str, tags) -> str:
    tag_list = format_html_join("", "<span class=\"tag\">{}</span>", ((t,) for t in tags))
    return format_html(
        '<div class="card"><h2>{}</h2><p class="site">{}</p><div>{}</div></div>',
        display_name, website, tag_list,
    )


@never_cache
def preview_profile(request):
    name = request.GET.get("display_name", "")
    site = request.GET.get("website", "")
    tags = request.GET.getlist("tag") or DEFAULT_TAGS
    return HttpResponse(profile_card(name, site, tags))
