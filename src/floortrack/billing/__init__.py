"""The knowledge and the rules: catalogue, units, audit, claim lifecycle, money, deadlines.

Pure functions and small classes. No file access, no Textual.
"""
