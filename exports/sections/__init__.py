"""The parts of the Word dossier, in the order the document shows them."""
