from django.apps import AppConfig


class CultivationConfig(AppConfig):
    name = "apps.cultivation"
    label = "cultivation"
    verbose_name = "培育"

    def ready(self):
        from apps.core import events

        from . import permissions

        permissions.register_policy()

        events.register("cultivation.talentpool.exported", "导出工匠人才库")
        events.register("cultivation.demo.seeded", "演示数据：往年公布人选与培育记录")
