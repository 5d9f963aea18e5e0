"""The audit log screen: every change, who made it and when, before and after."""
