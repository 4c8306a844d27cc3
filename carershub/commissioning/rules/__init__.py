"""Pure contract arithmetic and KPI rules: no Django imports (checked by import-linter)."""
