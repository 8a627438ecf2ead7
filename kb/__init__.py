"""The knowledge base: the one schema of ``data/`` and its loader, shared by both halves.

``kb.load.load()`` reads ``data/*.yaml`` into ``kb.model.KnowledgeBase`` or raises
``kb.load.DataError`` with one located line per problem. The site generator (``generator``)
renders it; the app (``quiz_app``) reads its questions, training modules, scope rules and
reporting deadlines. Neither half is imported from here.
"""
