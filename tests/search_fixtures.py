"""The ``engine`` fixture of the search tests (import it into a test module)."""

from __future__ import annotations

import pytest

from tests.conftest import SEEDS


@pytest.fixture(scope="session")
def engine(library, tmp_path_factory):
    """A search engine over an index built from the seeds in a temporary folder."""
    from desktop.search.engine import SearchEngine
    from desktop.search.indexer import build_index, source_hashes

    path = tmp_path_factory.mktemp("index")
    build_index(list(library), path, sources=source_hashes(SEEDS))
    eng = SearchEngine.open(path, library, sources_dir=SEEDS)
    yield eng
    eng.close()
