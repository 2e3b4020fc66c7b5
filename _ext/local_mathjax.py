"""Serve MathJax 3 from the built site, so pages need no network to show equations.

Sphinx loads MathJax from a CDN by default. This extension points ``mathjax_path``
at a copy installed from the npm registry by ``make mathjax`` (the version is
pinned in ``_vendor/mathjax/package-lock.json``) and adds that copy to
``html_static_path``.

Why an extension rather than a line in ``_config.yml``: Jupyter Book 1 turns every
``.js`` and ``.css`` file under the configured static folders into a ``<script>``
or ``<link>`` tag on every page, which for MathJax's tree would be dozens of tags.
It does so before Sphinx starts, so a folder added here, at ``config-inited``, is
copied into ``_static/`` without being linked from the pages.

A missing copy is a configuration error, not a silent fall-back to the CDN.
"""

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ConfigError

# Relative to the book's root (the folder of _config.yml).
PACKAGES_DIR = Path("_vendor") / "mathjax" / "node_modules"
# Relative to _static/ in the built site; html_static_path copies the
# *contents* of PACKAGES_DIR, so the package lands in _static/mathjax/.
ENTRY_POINT = "mathjax/es5/tex-chtml.js"


def _use_local_copy(app: Sphinx, config: Config) -> None:
    """Check the installed copy and point Sphinx at it."""
    packages = Path(app.confdir) / PACKAGES_DIR
    entry = packages / ENTRY_POINT
    if not entry.is_file():
        raise ConfigError(
            f"local_mathjax: {PACKAGES_DIR / ENTRY_POINT} does not exist; "
            "run `make mathjax` (npm ci in _vendor/mathjax) before building."
        )
    config.html_static_path = [*config.html_static_path, str(packages)]
    config.mathjax_path = ENTRY_POINT


def setup(app: Sphinx) -> dict:
    """Register the extension with Sphinx."""
    # Before sphinx.ext.mathjax reads mathjax_path at page time; priority
    # below the default 500 so the check runs first.
    app.connect("config-inited", _use_local_copy, priority=400)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
