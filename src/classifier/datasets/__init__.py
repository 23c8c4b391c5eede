"""Data-set loaders: one module per set in this package, each defining ``SPEC``.

The registry discovers the modules, so adding a set never means editing a shared list. Which sets
may train the shipped model is decided by ``SPEC.license_class`` (from ``shared/data/CATALOG.md``).
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterator

from classifier.datasets.base import DatasetSpec, Example, LicenseClass

__all__ = ["DatasetSpec", "Example", "LicenseClass", "all_specs", "get_spec"]


def all_specs() -> dict[str, DatasetSpec]:
    specs: dict[str, DatasetSpec] = {}
    for module_info in pkgutil.iter_modules(__path__):
        if module_info.name.startswith("_") or module_info.name == "base":
            continue
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        spec = getattr(module, "SPEC", None)
        if isinstance(spec, DatasetSpec):
            specs[spec.name] = spec
    return dict(sorted(specs.items()))


def get_spec(name: str) -> DatasetSpec:
    specs = all_specs()
    if name not in specs:
        raise KeyError(f"unknown data set {name!r}; known: {', '.join(specs)}")
    return specs[name]


def iter_examples(name: str, data_dir: str) -> Iterator[Example]:
    yield from get_spec(name).load(data_dir)
