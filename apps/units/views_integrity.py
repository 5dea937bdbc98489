"""The integrity flags pages: a unit's (its own applications, current round) and the office's (one round).

Both thin: the same selector (`selectors_integrity.flags_for`) and the same template.
"""
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from apps.accounts.roles import is_unit_staff
from apps.rounds.selectors import current_round, get_round_for_office

from .selectors_integrity import config, flags_for


@login_required
def unit_flags(request):
    if not is_unit_staff(request.user):
        raise PermissionDenied
    round = current_round()
    flags = flags_for(request.user, round) if round else []
    return render(request, "units/integrity.html", {"round": round, "flags": flags, "config": config(), "for_office": False})


@login_required
def office_flags(request, pk):
    round = get_round_for_office(request.user, pk)
    flags = flags_for(request.user, round)
    return render(request, "units/integrity.html", {"round": round, "flags": flags, "config": config(), "for_office": True})
