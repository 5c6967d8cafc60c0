"""The school directory: the Éducation nationale's open data (annuaire de l'éducation, effectifs
et nombre de classes par école), read from the files as published. Pure Python: no Flask, no
database; `services.directory` stores what this package reads."""
