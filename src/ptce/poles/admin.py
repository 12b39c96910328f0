from django.contrib import admin

from ptce.poles.models import CallAward, Pole, RoleAssignment


class CallAwardInline(admin.TabularInline):
    model = CallAward
    extra = 0


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Pole)
class PoleAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "town", "territory_type", "grouping_since"]
    search_fields = ["name", "slug", "town"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["communes"]
    inlines = [CallAwardInline, RoleAssignmentInline]


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    list_display = ["user", "pole", "role"]
    list_filter = ["role", "pole"]
    autocomplete_fields = ["user", "pole"]
