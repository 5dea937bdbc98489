from django.apps import AppConfig


class UnitsConfig(AppConfig):
    name = "apps.units"
    label = "units"
    verbose_name = "推荐单位"

    def ready(self):
        from apps.accounts.roles import Role
        from apps.core import events

        events.register("units.recommendingunit.created", "新增推荐单位")
        events.register("units.recommendingunit.changed", "修改推荐单位")
        # The recommendation form PDF (apps.units.forms_pdf): in the unit's and the office's timeline only,
        # as the opinion it holds is (apps.applicants.history).
        unit = (Role.UNIT_STAFF.value,)
        events.register("units.recommendationform.requested", "申请生成推荐表", visible_to=unit)
        events.register("units.recommendationform.rendered", "推荐表已生成", visible_to=unit)
        events.register("units.recommendationform.failed", "推荐表生成失败", visible_to=unit)
        events.register("units.integrity.seeded", "生成诚信提示演示数据")
        events.register("units.recommendingunit.ranked", "调整推荐人选排序")
