from types import SimpleNamespace

import pytest

from apps.core import events


@pytest.fixture
def throwaway_events():
    actions = ["tests.thing.opened", "tests.thing.noted"]
    events.register(actions[0], "打开", visible_to={"applicant"})
    events.register(actions[1], "内部备注", visible_to={"unit_staff"}, reason_visible_to={"unit_staff"})
    yield actions
    for action in actions:
        events.unregister(action)


def entry(action, reason="", actor="staff1"):
    return SimpleNamespace(action=action, created_at="t", data={"reason": reason} if reason else {}, actor_repr=actor)


def test_label_for_names_a_registered_action_and_nothing_else(throwaway_events):
    assert (events.label_for("tests.thing.opened"), events.label_for("tests.thing.unknown")) == ("打开", None)


def test_register_refuses_a_second_different_meaning(throwaway_events):
    with pytest.raises(ValueError):
        events.register("tests.thing.opened", "关闭")


def test_timeline_drops_unknown_and_hidden_events_and_hides_reasons(throwaway_events):
    entries = [entry("tests.thing.noted", reason="内部意见"), entry("tests.thing.opened", reason="说明"), entry("tests.thing.unknown")]

    as_applicant = events.timeline(entries, role="applicant", actor_label=lambda e: "推荐单位")
    as_unit = events.timeline(entries, role="unit_staff", actor_label=lambda e: e.actor_repr)
    as_office = events.timeline(entries, role=events.STAFF, actor_label=lambda e: e.actor_repr)

    assert [(item.label, item.actor, item.reason) for item in as_applicant] == [("打开", "推荐单位", "")]
    assert [(item.label, item.reason) for item in as_unit] == [("内部备注", "内部意见")]
    assert [(item.label, item.reason) for item in as_office] == [("内部备注", "内部意见"), ("打开", "说明")]
