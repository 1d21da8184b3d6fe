"""The one error extract raises: its message is what lands in ``documents.error``."""


class ExtractError(Exception):
    """A file that cannot be read; the message is one clear line for the user."""
