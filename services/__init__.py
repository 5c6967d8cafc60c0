"""Services: the use cases that read and change stored dossiers. They flush; callers commit."""
