"""Write each inline ``<script>`` once per page.

Sphinx 7.4 registers a script added after the builder starts twice: once on the
builder (file name ``None``) and again from the registry when pages are written
(file name ``""``); the two do not compare equal, so both are written.
sphinx-thebe adds its configuration that way (``const THEBE_JS_URL = ...``), and
the second copy throws "Identifier 'THEBE_JS_URL' has already been declared" on
every page. This drops later copies of a script with the same source and
attributes.
"""

from sphinx.application import Sphinx


def _drop_repeats(app, pagename, templatename, context, doctree) -> None:
    scripts = context.get("script_files")
    if not isinstance(scripts, list):
        return
    seen = set()
    kept = []
    for script in scripts:
        attributes = tuple(sorted(getattr(script, "attributes", {}).items()))
        key = (str(getattr(script, "filename", script) or ""), attributes)
        if key not in seen:
            seen.add(key)
            kept.append(script)
    scripts[:] = kept


def setup(app: Sphinx) -> dict:
    """Register the extension with Sphinx."""
    # Late, after the theme and sphinx.ext.mathjax have added their scripts.
    app.connect("html-page-context", _drop_repeats, priority=900)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
