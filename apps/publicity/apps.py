from django.apps import AppConfig


class PublicityConfig(AppConfig):
    name = "apps.publicity"
    label = "publicity"
    verbose_name = "公示与公布"

    def ready(self):
        from apps.core import events

        events.register("publicity.publicity.opened", "开始公示")
        events.register("publicity.publicity.published", "公布培育对象名单")
        events.register("publicity.publicityentry.summary_changed", "修改公示事迹简介")
        events.register("publicity.calendarday.set", "设置节假日或调休上班日")
        events.register("publicity.calendarday.removed", "删除节假日或调休上班日")
        events.register("publicity.objection.filed", "收到公示异议")
        events.register("publicity.objection.assigned", "指定异议承办人")
        events.register("publicity.objection.investigated", "记录异议调查核实情况")
        events.register("publicity.objection.concluded", "作出异议结论")

        from . import permissions

        permissions.register_policy()
