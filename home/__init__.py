"""Public site pages: home, news, resources, standard pages, site settings."""
