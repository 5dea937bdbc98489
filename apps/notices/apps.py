from django.apps import AppConfig


class NoticesConfig(AppConfig):
    name = "apps.notices"
    label = "notices"
    verbose_name = "通知"

    def ready(self):
        from apps.core import events

        events.register("notices.noticetemplate.changed", "修改通知模板")
        events.register("notices.notice.retried", "重新发送通知")
        events.register("notices.notice.reconciled", "重新排队未发送的通知")
