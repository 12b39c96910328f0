from django.contrib import admin

from ptce.territory.models import Commune, Departement, Epci, Region


@admin.register(Commune)
class CommuneAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "departement", "epci", "population", "postcodes"]
    search_fields = ["search_name", "code", "postcodes"]
    list_filter = ["departement__region"]


@admin.register(Epci)
class EpciAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind"]
    search_fields = ["search_name", "code"]


admin.site.register([Departement, Region])
