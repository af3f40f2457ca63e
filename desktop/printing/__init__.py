"""Printing and PDF export of article excerpts with citations, highlights and notes.

- :mod:`.selection` — what to print: refs → groups in document order, nested units folded (Qt-free);
- :mod:`.annotations` — highlights, notes and bookmarks read into plain data (Qt-free adapter);
- :mod:`.compose` — print options (remembered in settings) and the job's HTML (Qt-free);
- :mod:`.pages` — pagination, running header and footer with QPainter (Qt);
- :mod:`.export` — Export PDF with an atomic write; :mod:`.commands` — ``python -m desktop export-pdf``;
- :mod:`.dialog` — the options dialog, preview and print dialogs (Qt widgets).
"""
