"""`make bench`: measure Carers Hub's hot paths against PostgreSQL at county scale (see bench/run.py)."""
