from django.apps import AppConfig


class PartnersConfig(AppConfig):
    name = "ngoaivu.partners"
    label = "partners"
