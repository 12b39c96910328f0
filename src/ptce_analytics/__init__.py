"""ptce_analytics: the pure analytics of the ptce platform.

It never imports Django: researchers use it directly on exported data.
"""

__version__ = "0.1.0"
