from django.contrib import admin

from ptce.registry import models


@admin.register(models.Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "pole",
        "siret",
        "legal_category",
        "actor_family",
        "is_ess",
        "is_synthetic",
    ]
    list_filter = ["actor_family", "is_ess", "is_synthetic", "pole"]
    search_fields = ["name", "siret", "siren", "rna"]
    raw_id_fields = ["commune"]


@admin.register(models.Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["last_name", "first_name", "pole", "kind", "organisation"]
    list_filter = ["kind", "pole"]
    search_fields = ["last_name", "first_name", "email"]
    raw_id_fields = ["organisation"]


@admin.register(models.Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["organisation", "pole", "role", "college", "start_date", "end_date"]
    list_filter = ["role", "pole"]
    raw_id_fields = ["organisation", "college"]


class MandateInline(admin.TabularInline):
    model = models.Mandate
    extra = 0
    raw_id_fields = ["person", "organisation"]


@admin.register(models.GovernanceBody)
class GovernanceBodyAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "pole"]
    inlines = [MandateInline]


admin.site.register([models.College, models.OrganisationYear])
