from django.contrib import admin

from ptce.pooling import models


class ParticipantInline(admin.TabularInline):
    model = models.PoolingParticipant
    extra = 0
    raw_id_fields = ["organisation"]


@admin.register(models.Pooling)
class PoolingAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "pole", "started_on", "ended_on"]
    list_filter = ["kind", "pole"]
    search_fields = ["name"]
    raw_id_fields = ["carrier"]
    inlines = [ParticipantInline]


@admin.register(models.SharedEmployee)
class SharedEmployeeAdmin(admin.ModelAdmin):
    list_display = ["name", "job_title", "pooling", "monthly_hours", "hourly_cost"]
    raw_id_fields = ["pooling", "person"]


@admin.register(models.SharedResource)
class SharedResourceAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "pooling", "is_bookable"]
    raw_id_fields = ["pooling"]


@admin.register(models.Booking)
class BookingAdmin(admin.ModelAdmin):
    list_display = ["title", "resource", "organisation", "starts_at", "ends_at", "cancelled_at"]
    raw_id_fields = ["resource", "organisation", "booked_by"]
    date_hierarchy = "starts_at"
