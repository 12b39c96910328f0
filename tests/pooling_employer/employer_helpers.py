"""Helpers shared by the employer group tests (a module name unique in the suite)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ptce.pooling.models import HourAllocation, SharedEmployee
from ptce.registry.models import Organisation

MARCH = dt.date(2026, 3, 1)


def allocate(employee: SharedEmployee, organisation: Organisation, hours: str, month=MARCH):
    return HourAllocation.objects.create(
        pole=employee.pole,
        employee=employee,
        organisation=organisation,
        month=month,
        hours=Decimal(hours),
    )
