"""The audit events' Chinese labels: one registry, read by the audit admin and the history blocks.

`register(action, label, visible_to=...)` names an audit action (`<app>.<model>.<event>`, as
passed to `core.audit.record`); `label_for(action)` gives its label, and a Chinese fallback for an
action nobody registered, so no page ever shows the dotted code. `visible_to` (roles, or None for
everyone who may see the object) is kept for the history blocks that filter by it.

Minimal version written by the `admin` branch: the `moves` branch owns this module and its
fuller registry; the API is the same.
"""
from dataclasses import dataclass

UNKNOWN_LABEL = "其他事件"


@dataclass(frozen=True)
class Event:
    action: str
    label: str
    visible_to: frozenset | None = None


_EVENTS = {}


def register(action, label, *, visible_to=None):
    """Name `action`; registering it again replaces the label (the newest registration wins)."""
    _EVENTS[action] = Event(action, label, frozenset(visible_to) if visible_to is not None else None)
    return _EVENTS[action]


def label_for(action):
    event = _EVENTS.get(action)
    return event.label if event is not None else UNKNOWN_LABEL


def registered_actions():
    return dict((action, event.label) for action, event in _EVENTS.items())


# Written as literal strings: core imports no other app, so the statuses' labels are repeated here.
for _action, _label in {
    "core.demo.seeded": "生成演示数据",
    "accounts.user.created": "创建账号",
    "accounts.user.superuser_granted": "授予超级管理员权限",
    "accounts.user.unit_changed": "变更所属推荐单位",
    "accounts.user.activated": "启用账号",
    "accounts.user.deactivated": "停用账号",
    "units.recommendingunit.created": "新增推荐单位",
    "units.recommendingunit.changed": "修改推荐单位信息",
    "rounds.round.created": "创建遴选年度",
    "rounds.round.changed": "修改遴选年度设置",
    "rounds.round.deployed": "部署遴选年度",
    "rounds.round.recommending": "进入推荐阶段",
    "rounds.round.reviewing": "进入评审阶段",
    "rounds.round.publicity": "进入公示阶段",
    "rounds.round.published": "公布结果",
    "rounds.round.closed": "结束遴选年度",
    "rounds.indicator.changed": "修改评价指标",
    "applicants.application.created": "创建申报",
    "applicants.application.submitted": "提交申报",
    "applicants.application.returned": "退回修改",
    "applicants.application.unit_rejected": "推荐单位不予推荐",
    "applicants.application.forwarded": "推荐报送",
    "applicants.application.formal_passed": "形式审查通过",
    "applicants.application.formal_failed": "形式审查未通过",
    "applicants.application.under_review": "提交专家评审",
    "applicants.application.proposed": "列入建议名单",
    "applicants.application.approved": "党组审议通过",
    "applicants.application.in_publicity": "列入公示",
    "applicants.application.objection_upheld": "异议成立",
    "applicants.application.published": "公布",
    "applicants.application.withdrawn": "撤回申报",
}.items():
    register(_action, _label)
