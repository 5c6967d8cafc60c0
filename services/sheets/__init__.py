"""Spreadsheets in and out: schools and budget lines read from CSV or XLSX, previewed against the
dossier and applied all or nothing; the budget written back as a workbook with live formulas.

- reading: bytes of an uploaded file to rows of cells (or a refusal naming why)
- columns: the columns of each import, the header variants they accept
- values: one cell to a value (French numbers, rates, UAIs, words for codes)
- rows: a table to checked rows, every problem with its row and column
- plan: what the rows would add or change in the dossier; the preview's diff
- apply: the plan written through the dossier's services
- blank: the templates to download; budget_book: the budget workbook
"""
