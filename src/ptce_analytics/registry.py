"""Key figures of a pole's membership."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["MembershipFigures", "membership_figures"]


@dataclass(frozen=True, slots=True)
class MembershipFigures:
    members: int
    by_family: dict[str, int]
    unclassified: int
    ess_known: int
    ess_count: int

    @property
    def ess_share(self) -> float | None:
        """Share of ESS structures among those whose status is known; None if none is."""
        return self.ess_count / self.ess_known if self.ess_known else None


def membership_figures(rows: Iterable[tuple[str | None, bool | None]]) -> MembershipFigures:
    """Count members by actor family and the ESS share.

    Parameters
    ----------
    rows
        One ``(actor_family, is_ess)`` pair per member structure. An empty or None family is
        "not classified"; a None ESS flag is "unknown" and stays out of the ESS share's
        denominator rather than counting as non-ESS.

    Examples
    --------
    >>> f = membership_figures([("ess_enterprise", True), ("public_body", False), (None, None)])
    >>> f.members, f.unclassified, f.ess_share
    (3, 1, 0.5)
    """
    families: Counter[str] = Counter()
    members = unclassified = ess_known = ess_count = 0
    for family, is_ess in rows:
        members += 1
        if family:
            families[family] += 1
        else:
            unclassified += 1
        if is_ess is not None:
            ess_known += 1
            ess_count += bool(is_ess)
    return MembershipFigures(
        members=members,
        by_family=dict(families),
        unclassified=unclassified,
        ess_known=ess_known,
        ess_count=ess_count,
    )
