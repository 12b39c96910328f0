from django.contrib import admin

from ptce.meetings import models


class AttendanceInline(admin.TabularInline):
    model = models.Attendance
    extra = 0
    raw_id_fields = ["person", "organisation"]


@admin.register(models.Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "date", "pole", "working_group"]
    list_filter = ["kind", "pole"]
    search_fields = ["title"]
    date_hierarchy = "date"
    inlines = [AttendanceInline]
    raw_id_fields = ["working_group"]


class ActionInline(admin.TabularInline):
    model = models.Action
    extra = 0
    raw_id_fields = ["owner_person", "owner_organisation"]


@admin.register(models.Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "mode", "meeting", "pole"]
    list_filter = ["mode", "pole"]
    raw_id_fields = ["meeting"]
    inlines = [ActionInline]


@admin.register(models.WorkingGroup)
class WorkingGroupAdmin(admin.ModelAdmin):
    list_display = ["theme", "pole", "lead", "is_active"]
    raw_id_fields = ["lead"]
    filter_horizontal = ["members"]


admin.site.register([models.Action, models.CalendarFeed])
