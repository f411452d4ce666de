from django.apps import AppConfig


class ImplementationConfig(AppConfig):
    name = "ngoaivu.implementation"
    label = "implementation"
