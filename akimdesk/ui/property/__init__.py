"""The property screens: the register, the asset card, leases, inventory campaigns."""
