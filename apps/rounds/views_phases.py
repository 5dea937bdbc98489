"""The office desk's phase change: a confirmation page (GET) that says what the move does and what
blocks it, and its POST, the only request that moves the round (`services.advance_round`)."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from apps.accounts.roles import is_programme_staff
from apps.core.exceptions import DomainError

from .enums import RoundStatus
from .models import Round
from .readiness import phase_check
from .services import advance_round


@login_required
@require_http_methods(["GET", "POST"])
def advance(request, pk):
    """GET: the move to the next phase, its consequence, every blocker with a link to fix it, and each
    unit's counts. POST {to}: advance_round; a stale `to` or a blocked move changes nothing."""
    if not is_programme_staff(request.user):
        raise PermissionDenied
    round = get_object_or_404(Round, pk=pk)
    check = phase_check(round)
    refused = []
    if request.method == "POST":
        to = request.POST.get("to", "")
        if check.to is None or to != check.to:
            shown = RoundStatus(to).label if to in RoundStatus.values else "未知阶段"
            messages.error(
                request,
                f"本页面已过期：{round}当前处于“{round.get_status_display()}”阶段，不能推进到“{shown}”阶段。请核对后重新确认。",
            )
            return redirect("rounds:advance", pk=round.pk)
        if not check.blockers:
            try:
                round = advance_round(round, to, by=request.user)
            except DomainError as error:  # a precondition changed between the check and the lock
                refused = [error.message]
            else:
                messages.success(request, f"{round}已进入“{round.get_status_display()}”阶段，相关通知已发出。")
                return redirect("rounds:dashboard")
        refused = refused or [blocker.message for blocker in check.blockers]
        check = phase_check(Round.objects.get(pk=round.pk))
    return render(request, "rounds/advance.html", {"round": round, "check": check, "refused": refused})
