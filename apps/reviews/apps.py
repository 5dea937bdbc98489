from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "apps.reviews"
    label = "reviews"
    verbose_name = "评审"

    def ready(self):
        from apps.core import events

        from . import permissions

        permissions.register_policy()

        # Formal review: who passed a candidate whose checks failed (and why), and each bulk pass.
        events.register("reviews.formal_review.overridden", "形式审查人工核对通过")
        events.register("reviews.formal_review.bulk_passed", "批量通过形式审查")
        # Office events: the office reads them; the expert's own sheet events show to experts too.
        events.register("reviews.expert.added", "加入评审专家库")
        events.register("reviews.panel.created", "创建专家组")
        events.register("reviews.draw.performed", "随机抽取评审专家")
        events.register("reviews.assignment.added", "人工分配评审专家")
        events.register("reviews.assignment.withdrawn", "撤回评审分配")
        events.register("reviews.panel.members_changed", "调整专家组成员")
        events.register("reviews.round.experts_per_candidate_changed", "调整每名候选人评审专家数")
        events.register("reviews.conflict.declared", "专家申报利益冲突回避", visible_to={"expert"})
        events.register("reviews.avoid_list.changed", "修改申请回避人员", visible_to={"applicant"})
        events.register("reviews.sheet.saved", "保存评分草稿", visible_to={"expert"})
        events.register("reviews.sheet.submitted", "提交评分表", visible_to={"expert"})
        events.register("reviews.sheet.reopened", "退回评分表重评", visible_to={"expert"}, reason_visible_to={"expert"})
        # The meeting's proposed list and the party group's decision (meeting.py); the exports (exports.py).
        events.register("reviews.meeting.list_generated", "生成评审会议建议名单")
        events.register("reviews.meeting.entry_added", "增补建议名单人选")
        events.register("reviews.meeting.entry_removed", "移出建议名单人选")
        events.register("reviews.meeting.recorded", "记录专家评审会议")
        events.register("reviews.meeting.decided", "记录党组审议决定")
        events.register("reviews.meeting.verified", "核验评分与建议名单摘要")
        events.register("reviews.export.score_table", "导出评分汇总表")
        events.register("reviews.export.proposed_list", "导出建议名单")
