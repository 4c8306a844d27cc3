"""Pure rules for statutory assessments: no Django imports (checked by import-linter)."""
