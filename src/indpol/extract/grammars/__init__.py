"""Rule grammars shared by the fact packages: dates and periods, numbers, legal-act references."""
