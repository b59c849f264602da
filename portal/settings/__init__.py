"""Settings split by purpose; base.py is the one place that reads the environment."""
