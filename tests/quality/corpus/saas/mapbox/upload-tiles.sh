#!/bin/bash
export MAPBOX_ACCESS_TOKEN=sk.eyJ1IjoiYWNtZSIsImEiOiJ2wj8mgxDQQzKG61CdwghOM.pNY9x5XYHMG5eDGjEaTfiM
tilesets upload-source acme parcels parcels.geojson.ld
tilesets publish acme.parcels
