from django.apps import AppConfig


class ExchangesConfig(AppConfig):
    name = "ngoaivu.exchanges"
    label = "exchanges"
