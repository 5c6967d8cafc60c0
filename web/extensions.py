"""Flask extensions, created unbound and initialised by the factory."""

from flask_babel import Babel
from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect

from models import db

babel = Babel()
csrf = CSRFProtect()
login_manager = LoginManager()

__all__ = ["db", "babel", "csrf", "login_manager"]
