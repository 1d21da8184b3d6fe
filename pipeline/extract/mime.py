"""MIME files a batch folder gets: a web page saved as one file by a browser (MHTML, .mht),
which is a web page, and an e-mail message (.eml), which carries the report as an
attachment. Python's ``email`` package reads them; this module only tells them apart and
takes out the page."""

from __future__ import annotations

import re

# a header block as MIME files begin: 'Name: value' lines (continued by indented lines) up
# to the first blank line, among them MIME-Version or Content-Type (a text report opening
# with 'Tiltak: ...' has neither)
_HEADER = re.compile(r"^[!-9;-~]+:[ \t]?.*$")
_MIME_HEADERS = ("mime-version", "content-type")


def is_mime(text: str) -> bool:
    """Whether a file's text (its start is enough) begins with a MIME header block."""
    names: list[str] = []
    for line in text.lstrip("\ufeff").splitlines():
        if not line.strip():
            break
        if line[:1] in " \t" and names:
            continue  # a header continued
        if not _HEADER.match(line):
            return False
        names.append(line.split(":", 1)[0].lower())
    return any(name in _MIME_HEADERS for name in names)


def message(data: bytes):
    """A MIME file's message, parsed once for what is asked of it."""
    import email
    import email.policy

    return email.message_from_bytes(data, policy=email.policy.default)


def web_archive_page(msg) -> bytes | None:
    """The page of a web archive (MHTML: a multipart/related message whose first HTML part
    is the page, with its images and style sheets beside it), its bytes as the server sent
    them (the page's own charset decides, as for a saved page), or None for another message."""
    if msg.get_content_type() != "multipart/related" and not msg.get("Snapshot-Content-Location"):
        return None
    for part in msg.walk():
        if part.get_content_type() == "text/html":
            return part.get_payload(decode=True) or b""
    return None


def attachment_names(msg) -> list[str]:
    """The file names of a message's attachments, in order."""
    return [name for part in msg.walk() if (name := part.get_filename())]
