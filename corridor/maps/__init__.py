"""Maps: the folium map, popups, legend, labels, basemap, PNG picture, single file and embed."""
