"""corridor: curated, cited maps of the railway corridors between Central Asia and the Arabian Sea."""

__version__ = "0.1.0"
