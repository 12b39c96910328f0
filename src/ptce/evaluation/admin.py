from django.contrib import admin

from ptce.evaluation import models


@admin.register(models.ReferentialVersion)
class ReferentialVersionAdmin(admin.ModelAdmin):
    list_display = ["version", "title", "loaded_at"]


class RespondentInline(admin.TabularInline):
    model = models.Respondent
    extra = 0
    raw_id_fields = ["user", "person", "organisation"]
    readonly_fields = ["submitted_at"]


@admin.register(models.Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["title", "pole", "referential_version", "reference_date", "status"]
    list_filter = ["status", "pole"]
    inlines = [RespondentInline]
