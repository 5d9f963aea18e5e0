"""The import window for an office's own journals."""
