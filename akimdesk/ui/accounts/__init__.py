"""Signing in, the screen lock, and the administrator's accounts tab."""
