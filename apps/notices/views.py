from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from .selectors import inbox_of
from .services import get_notice_for, mark_all_read, mark_read


@login_required
def inbox(request):
    page = Paginator(inbox_of(request.user), 20).get_page(request.GET.get("page"))
    return render(request, "notices/inbox.html", {"page": page})


@login_required
@require_GET
def open_notice(request, pk):
    """Follow a notice's link: marks it read, then goes to its page (the inbox when it has none)."""
    notice = mark_read(get_notice_for(request.user, pk), by=request.user)
    if notice.link and url_has_allowed_host_and_scheme(notice.link, allowed_hosts=None):
        return redirect(notice.link)
    return redirect("notices:inbox")


@login_required
@require_POST
def read_all(request):
    count = mark_all_read(by=request.user)
    messages.success(request, f"已将 {count} 条通知标为已读。")
    return redirect("notices:inbox")
