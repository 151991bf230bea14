"""The data format: its one definition (model, vocab), the strict loader, validation,
the JSON Schema, the YAML writer and the schedule rules."""
