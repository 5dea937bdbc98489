from django.apps import AppConfig


class UnitsConfig(AppConfig):
    name = "apps.units"
    label = "units"
    verbose_name = "推荐单位"

    def ready(self):
        from apps.core import events

        events.register("units.recommendingunit.created", "新增推荐单位")
        events.register("units.recommendingunit.changed", "修改推荐单位")
        events.register("units.recommendingunit.ranked", "调整推荐人选排序")
