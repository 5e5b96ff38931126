"""The research explorer: home page, faceted search, map, timeline and index pages over the graph.

``data`` builds the one JSON index every page reads (``build_index``), ``geo`` reads coordinates,
``web`` renders the pages, gives the server's routes (``routes``) and the static site's files
(``explorer_files``). Nothing here is imported by ``hrgraph`` itself but the pages' coordinates.
"""
