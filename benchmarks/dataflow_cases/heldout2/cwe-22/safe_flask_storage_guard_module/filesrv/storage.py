import os

ATTACHMENT_ROOT = os.path.realpath(os.environ.get("ATTACHMENT_ROOT", "/srv/tickets/attachments"))


class UnsafePath(ValueError):
    pass


def resolve_attachment(ticket_id: int, name: str) -> str:
    base = os.path.join(ATTACHMENT_ROOT, str(ticket_id))
    candidate = os.path.realpath(os.path.join(base, name))
    if os.path.commonpath([candidate, base]) != base:
        raise UnsafePath(name)
    return candidate


def list_attachments(ticket_id: int) -> list[str]:
    base = os.path.join(ATTACHMENT_ROOT, str(ticket_id))
    return sorted(os.listdir(base)) if os.path.isdir(base) else []
