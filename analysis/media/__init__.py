"""Media: decoding (the one interface to PyAV), probing, damage checks, hashing."""
