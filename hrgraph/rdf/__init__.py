"""RDF at its lowest level: formats, reading one file, the stores, canonical serialisation.

Nothing here imports the rest of hrgraph except :mod:`hrgraph.errors`, :mod:`hrgraph.namespaces`
and :mod:`hrgraph.paths`: everything above (load, query, serve, ingest) builds on these modules.
"""
