from django.contrib import admin

from ptce.economics import models


@admin.register(models.FundingLine)
class FundingLineAdmin(admin.ModelAdmin):
    list_display = ["label", "year", "source_kind", "section", "amount", "pole"]
    list_filter = ["source_kind", "section", "year", "pole"]
    search_fields = ["label", "funder_name"]
    raw_id_fields = ["funder", "project"]


@admin.register(models.VolunteerTime)
class VolunteerTimeAdmin(admin.ModelAdmin):
    list_display = ["year", "activity", "hours", "person", "organisation", "pole"]
    raw_id_fields = ["person", "organisation"]


@admin.register(models.VolunteerRate)
class VolunteerRateAdmin(admin.ModelAdmin):
    list_display = ["year", "hourly_rate", "basis", "pole"]


@admin.register(models.InKindContribution)
class InKindContributionAdmin(admin.ModelAdmin):
    list_display = ["year", "kind", "description", "value", "pole"]
    raw_id_fields = ["provider"]
