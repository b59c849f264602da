"""Agencies, their members and the permission rules that scope what each may edit."""
