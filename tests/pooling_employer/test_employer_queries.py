"""The employer group pages cost a fixed number of queries, however big the group."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse
from employer_helpers import MARCH

from ptce.pooling.models import HourAllocation

# Session, user, role assignment and the page's own reads; the same for 3 or 30 rows.
MAX_QUERIES = 10


@pytest.fixture
def big_group(make_group, make_employee, make_member):
    def make(size: int):
        group = make_group()
        members = [make_member(f"Structure {i:02d}", group) for i in range(size)]
        staff = [
            make_employee(group, f"Salarié {i:02d}", hours="100", cost=f"{20 + i}.15")
            for i in range(size)
        ]
        HourAllocation.objects.bulk_create(
            HourAllocation(
                pole=group.pole,
                employee=employee,
                organisation=member,
                month=MARCH,
                hours=Decimal("3.33"),
            )
            for employee in staff
            for member in members
        )
        return group

    return make


@pytest.mark.parametrize("size", [3, 30])
@pytest.mark.parametrize(
    ("name", "month"),
    [
        ("employer-statement", "2026-03"),
        ("employer-statement-xlsx", "2026-03"),
        ("allocation-month", "2026-03"),
        ("employer-group", None),
        ("employer-liability-key", None),
    ],
)
def test_pages_have_a_bounded_number_of_queries(
    coord_client, big_group, django_assert_max_num_queries, size, name, month
):
    group = big_group(size)
    args = ["pole-canal", group.pk] + ([month] if month else [])
    with django_assert_max_num_queries(MAX_QUERIES):
        response = coord_client.get(reverse(name, args=args))
    assert response.status_code == 200
    if name == "employer-statement":
        assert response.content.decode().count('class="num member-amount"') == size


def test_saving_a_full_grid_has_a_bounded_number_of_queries(
    coord_client, big_group, django_assert_max_num_queries
):
    group = big_group(30)
    data = {
        f"h-{a.employee_id}-{a.organisation_id}": "4"
        for a in HourAllocation.objects.filter(employee__pooling=group)
    }
    url = reverse("allocation-month", args=["pole-canal", group.pk, "2026-03"])
    # 900 cells: the bulk update is split into a few statements by the database's parameter
    # limit, never one per cell.
    with django_assert_max_num_queries(25):
        response = coord_client.post(url, data)
    assert response.status_code == 302
    assert set(HourAllocation.objects.values_list("hours", flat=True)) == {Decimal("4")}
