"""The benchmark harness: `python -m bench` runs every measurement and prints ratios.

Each measurement is a module named `m_*.py` in this package that registers itself with
`bench.core.measurement`; adding one is adding a file. Figures are ratios against floors measured
in the same run on the same machine (a bare PySide6 window, raw SQL, raw reportlab...), so they
mean the same on a fast laptop and a slow CI box.
"""
