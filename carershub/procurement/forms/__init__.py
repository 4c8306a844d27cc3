"""Forms for procurement pages, in GOV.UK markup (core.forms renders them). Checks that need the database or
the rules stay in the services; these forms only turn what was typed into values."""
