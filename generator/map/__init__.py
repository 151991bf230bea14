"""The opt-in map: a site that names a PMTiles basemap (`map_tiles:`) publishes it with
Leaflet and protomaps-leaflet (vendored in assets/vendor/), and its finder and in-person
group pages offer a map that loads when the visitor opens it.

- basemap.py: reads and checks the basemap's header (zooms, bounds, layers);
- publish.py: the files a site with a map publishes and the buttons on its pages;
- preview.py: byte ranges of the basemap under `mkdocs serve`;
- assets/: map-loader.js (on pages with a map), map.js, map.css, vendor/.
"""
