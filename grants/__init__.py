"""The call and the dossier, pure Python: no Flask, no database.

The web pages, the Word export and the command line all render what this package computes.
"""
