"""Domain exceptions: the rules said no. Views and the API turn them into messages in one place."""


class DomainError(Exception):
    """A refusal by a programme rule, with a message for the user in Chinese."""

    code = "domain_error"
    default_message = "操作未能完成。"

    def __init__(self, message=None, *, code=None):
        self.message = message or self.default_message
        if code:
            self.code = code
        super().__init__(self.message)


class TransitionNotAllowed(DomainError):
    code = "transition_not_allowed"

    def __init__(self, previous, to, message=None):
        self.previous, self.to = previous, to
        super().__init__(message or f"当前状态“{_label(previous)}”不能变更为“{_label(to)}”。")


class ReasonRequired(DomainError):
    code = "reason_required"
    default_message = "请填写原因。"


class DeadlinePassed(DomainError):
    code = "deadline_passed"
    default_message = "已超过截止时间。"


class QuotaExhausted(DomainError):
    """A unit asked to forward beyond its recommendation quota for the round."""

    code = "quota_exhausted"
    default_message = "本单位推荐名额已用完，不能再推荐报送。"


class NamedActionRequired(DomainError):
    """A guarded move was asked of the generic status change: it has its own named action."""

    code = "named_action_required"
    default_message = "此操作须通过其专门的办理入口办理。"


def _label(status):
    return getattr(status, "label", status)
