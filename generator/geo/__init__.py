"""Geography: postal-code centroids, distances, nearby alternatives, coordinate checks
and the geopy-backed geocoder behind `python -m generator geocode`.

Nothing here imports MkDocs, and nothing touches the network except `geocoding.py` when
the `geocode` command asks it to (tests inject a fake geocoder).
"""
