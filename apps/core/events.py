"""The event label registry: what each audited action is called, and who may see it in a timeline.

Each app registers its own actions from its `AppConfig.ready`:

    events.register("applicants.application.returned", "退回修改",
                    visible_to={"applicant", "unit_staff"}, reason_visible_to={"applicant", "unit_staff"})

`visible_to` and `reason_visible_to` name viewer roles as plain strings (core imports no other app);
`STAFF` (the programme office) sees every registered event and its reason. An action that was never
registered has no label (`label_for` answers None) and never shows in a timeline: a new event is
hidden until its app says how it reads and who may read it.
"""
from dataclasses import dataclass, field

# The programme office's role value (`apps.accounts.roles.Role.PROGRAMME_STAFF`): it sees every registered event.
STAFF = "programme_staff"


@dataclass(frozen=True)
class Event:
    action: str
    label: str
    visible_to: frozenset = field(default_factory=frozenset)
    reason_visible_to: frozenset = field(default_factory=frozenset)

    def shows_to(self, role):
        return role == STAFF or role in self.visible_to

    def shows_reason_to(self, role):
        return self.shows_to(role) and (role == STAFF or role in self.reason_visible_to)


_EVENTS = {}


def register(action, label, *, visible_to=(), reason_visible_to=()):
    """Name `action` (dotted `<app>.<model>.<event>`) and say which viewer roles see it and its reason.

    Registering the same action twice with a different meaning is a programming error.
    """
    event = Event(action, label, frozenset(visible_to), frozenset(reason_visible_to))
    existing = _EVENTS.get(action)
    if existing is not None and existing != event:
        raise ValueError(f"event {action!r} is already registered as {existing!r}")
    _EVENTS[action] = event
    return event


def unregister(action):
    """Forget `action` (for tests that register a throwaway event)."""
    _EVENTS.pop(action, None)


def event_for(action):
    """The registered `Event` for `action`, or None."""
    return _EVENTS.get(action)


def label_for(action):
    """The Chinese label of `action`, or None when no app registered it."""
    event = _EVENTS.get(action)
    return event.label if event is not None else None


# What the office's audit log calls an action nobody registered: a label, never the dotted code.
UNKNOWN_LABEL = "其他事件"


def display_label(action):
    """The label of `action` for the office's full audit log: registered or not, never the code."""
    return label_for(action) or UNKNOWN_LABEL


def registered_actions():
    return frozenset(_EVENTS)


@dataclass(frozen=True)
class TimelineItem:
    created_at: object
    action: str
    label: str
    actor: str  # what this viewer reads as the actor: a username for the office, a role name for others
    reason: str


def timeline(entries, *, role, actor_label):
    """The entries `role` may see, labelled, in the order given; unregistered and hidden events are dropped.

    `actor_label(entry)` says how the actor reads to this viewer (the caller decides, e.g. the
    office reads usernames and an applicant reads "推荐单位").
    """
    items = []
    for entry in entries:
        event = _EVENTS.get(entry.action)
        if event is None or not event.shows_to(role):
            continue
        reason = (entry.data or {}).get("reason", "") if event.shows_reason_to(role) else ""
        items.append(TimelineItem(entry.created_at, entry.action, event.label, actor_label(entry), reason or ""))
    return items
