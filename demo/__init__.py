"""The demo data: the only package allowed to import every app, since it fills them all."""
