"""PySide6 windows and dialogs: the only package that imports Qt. Screens call services only."""
