"""Help: F1 on every screen and dialog, the help window, and the main window's first steps."""
