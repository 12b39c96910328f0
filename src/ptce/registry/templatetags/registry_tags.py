from django import template

from ptce.registry.identifiers import format_siret
from ptce_analytics.actors import legal_category_label as _label

register = template.Library()


@register.filter
def siret_display(value: str) -> str:
    return format_siret(value or "")


@register.filter
def legal_category_label(code: str) -> str:
    return _label(code) or ""
