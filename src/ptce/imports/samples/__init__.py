"""Files offered to users as download (kept a package so the wheel ships them)."""
