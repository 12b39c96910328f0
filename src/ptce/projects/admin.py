from django.contrib import admin

from ptce.projects import models


class PartnerInline(admin.TabularInline):
    model = models.ProjectPartner
    extra = 0
    raw_id_fields = ["organisation"]


@admin.register(models.Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ["name", "status", "pole", "started_on", "innovation"]
    list_filter = ["status", "innovation", "pole"]
    search_fields = ["name"]
    raw_id_fields = ["working_group"]
    inlines = [PartnerInline]
