"""Templates in oTree 5's syntax (`{{ block content }}`, `{{ formfield 'x' }}`): translated into
Django template text (translate.py) by the template loaders (loader.py), then compiled and rendered
by Django's own engine like every other template."""
