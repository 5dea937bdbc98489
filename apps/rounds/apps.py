from django.apps import AppConfig


class RoundsConfig(AppConfig):
    name = "apps.rounds"
    label = "rounds"
    verbose_name = "遴选年度"

    def ready(self):
        from apps.core import events

        from .enums import RoundStatus

        # Office-only events: no viewer role besides the office reads them in a timeline.
        events.register("rounds.round.created", "创建遴选年度")
        events.register("rounds.round.changed", "修改遴选年度设置")
        events.register("rounds.indicator.changed", "修改评价指标")
        events.register("rounds.quota.allocated", "分配推荐名额")
        events.register("rounds.quota.overridden", "调整推荐名额")
        events.register("rounds.quota.confirmed", "确认推荐名额")
        events.register("rounds.round.reminded", "发送截止时间提醒")
        events.register("rounds.quota.scheme_changed", "修改名额分配方案")
        events.register("rounds.quota.factors_saved", "保存名额分配因素")
        for status in RoundStatus:
            if status != RoundStatus.DRAFT:
                events.register(f"rounds.round.{status}", f"进入“{status.label}”阶段")
