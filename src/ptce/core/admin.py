from django.contrib import admin

from ptce.core.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "action", "pole", "actor", "object_repr"]
    list_filter = ["action"]
    search_fields = ["action", "object_repr"]
    readonly_fields = ["created_at", "actor", "pole", "action", "object_repr", "data"]

    def has_add_permission(self, request):  # the log is written by services only
        return False

    def has_change_permission(self, request, obj=None):
        return False
