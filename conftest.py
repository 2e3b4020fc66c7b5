"""Settings for every pytest run: unit tests, nbval kernels and the site test.

TensorFlow is silent only when both variables are set before its first import;
kernels started by nbval inherit this environment.
"""

import os

os.environ["TF_CPP_MIN_LOG_LEVEL"] = "2"
os.environ["TF_ENABLE_ONEDNN_OPTS"] = "0"
os.environ.setdefault("KERAS_BACKEND", "tensorflow")

try:
    from hypothesis import HealthCheck, settings
except ImportError:  # pragma: no cover - hypothesis is pinned in requirements
    pass
else:
    # Derandomized in CI so that a run is reproducible; random locally.
    settings.register_profile(
        "book",
        deadline=None,
        max_examples=150,
        derandomize=bool(os.environ.get("CI")),
        suppress_health_check=[HealthCheck.too_slow],
    )
    settings.load_profile("book")
