"""WTForms forms, one module per wizard step, and the shared fields and validators."""
