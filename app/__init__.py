"""MeterField terminal application (handheld and supervisor desktop)."""
