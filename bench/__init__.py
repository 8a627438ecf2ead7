"""Benchmarks: how the generator, the site, the store and the exports scale.

``python -m bench`` (or ``make bench``) runs every section and writes ``bench/REPORT.md``;
``--quick`` runs a small version in a minute or two, ``--only generator,site`` a subset.
Not part of ``make test``: the suite reports figures and targets, it never fails a build.
"""
