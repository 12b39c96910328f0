"""Typologies of poles: MCA + HCPC giving FactoMineR's numbers, faster.

French social scientists build typologies (of PTCE, of their members) by multiple
correspondence analysis followed by hierarchical clustering on the principal components, with
R's FactoMineR. This package computes the same thing in Python, checked against FactoMineR 2.7
outputs (tests/typology/reference): same eigenvalues, coordinates, contributions, cos2 and
test-values to 1e-8 or better, same partitions, same cluster descriptions.

    >>> from ptce_analytics.typology import MCA, HCPC
    >>> mca = MCA(n_components=5).fit(frame, supplementary=["laureat_2013"])
    >>> hcpc = HCPC(n_clusters="auto").fit(mca)
    >>> hcpc.labels_, hcpc.description_.categories

* :class:`MCA` — :mod:`~ptce_analytics.typology.mca` (missing answers: the category
  ``"<variable>.NA"``, FactoMineR's default ``na.method="NA"``; see
  :mod:`~ptce_analytics.typology._coding`);
* :class:`HCPC` — :mod:`~ptce_analytics.typology.hcpc`: Ward's tree
  (:mod:`~ptce_analytics.typology.ward`), the inertia-gain rule, Hartigan–Wong consolidation
  (:func:`hartigan_wong`, :mod:`~ptce_analytics.typology.kmeans_hw`);
* :func:`describe_clusters` — FactoMineR's ``catdes``
  (:mod:`~ptce_analytics.typology.catdes`).

Differences from FactoMineR that are on purpose: identical individuals are merged before
Ward's tree is built (same tree, far less memory: FactoMineR's HCPC stores n × n matrices,
about 17 GB at 20,000 individuals); levels are sorted by code point where R sorts in the
session's collation (only the listing order differs).
"""

from ptce_analytics.typology.catdes import ClusterDescription, describe_clusters
from ptce_analytics.typology.hcpc import (
    HCPC,
    adjusted_rand_index,
    default_max_clusters,
    suggest_n_clusters,
)
from ptce_analytics.typology.kmeans_hw import KMeansResult, hartigan_wong
from ptce_analytics.typology.mca import MCA, axis_names
from ptce_analytics.typology.ward import WardTree, ward_tree

__all__ = [
    "HCPC",
    "MCA",
    "ClusterDescription",
    "KMeansResult",
    "WardTree",
    "adjusted_rand_index",
    "axis_names",
    "default_max_clusters",
    "describe_clusters",
    "hartigan_wong",
    "suggest_n_clusters",
    "ward_tree",
]
