from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from .selectors import inbox_of
from .services import mark_all_read


@login_required
def inbox(request):
    page = Paginator(inbox_of(request.user), 20).get_page(request.GET.get("page"))
    return render(request, "notices/inbox.html", {"page": page})


@login_required
@require_POST
def read_all(request):
    count = mark_all_read(by=request.user)
    messages.success(request, f"已将 {count} 条通知标为已读。")
    return redirect("notices:inbox")
