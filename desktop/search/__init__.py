"""Full-text search over a prebuilt Whoosh index (the only package that imports Whoosh).

Public API: :class:`desktop.search.engine.SearchEngine` (``open``, ``search``,
``spans``, ``close``) and :class:`desktop.search.engine.Hit`; errors
:class:`desktop.search.indexer.IndexUnavailable` (``IndexMissing``,
``IndexStale``, ``IndexCorrupt``); :func:`desktop.search.indexer.build_index`;
CLI commands in :mod:`desktop.search.commands`.
"""
