"""The five-powers statement page, and the save of one answer (a normal form post, or htmx's autosave)."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from apps.core.exceptions import DomainError

from . import permissions, selectors, selectors_evidence
from .forms_evidence import AnswerForm
from .models_evidence import ANSWER_MAX_LENGTH
from .statement import StaleEdit, is_editable, save_answer


def _page_context(request, application, rows):
    answered = sum(1 for row in rows if row.answered)
    return {
        "application": application,
        "groups": selectors_evidence.grouped_by_power(rows),
        "answered": answered,
        "total": len(rows),
        "editable": permissions.is_owner(request.user, application) and is_editable(application),
        "max_length": ANSWER_MAX_LENGTH,
    }


@login_required
def statement(request, pk):
    """Everyone the policy lets see the application reads it; its applicant edits it while draft or returned."""
    application = selectors.get_application_for(request.user, pk)
    rows = selectors_evidence.statement_rows(application)
    return render(request, "applicants/statement.html", _page_context(request, application, rows))


@login_required
@require_POST
def save(request, pk, indicator_pk):
    """Save one answer. With htmx (autosave or its button): a small status partial; without: back to the page."""
    application = selectors.get_application_for(request.user, pk)
    indicator = get_object_or_404(application.round.indicators, pk=indicator_pk)
    form = AnswerForm(request.POST)
    htmx = request.headers.get("HX-Request") == "true"
    autosave = htmx and request.POST.get("autosave") == "1"
    error, status, answer = None, 200, None
    if not form.is_valid():
        error, status = "页面已过期或内容过长，请刷新后再修改。", 400
    else:
        try:
            answer = save_answer(
                application, indicator, by=request.user, text=form.cleaned_data["text"],
                version=form.cleaned_data["version"], autosave=autosave,
            )
        except StaleEdit as refused:
            error, status = refused.message, 409
        except DomainError as refused:
            error, status = refused.message, 400
    if htmx:
        context = {"indicator": indicator, "answer": answer, "error": error, "saved_at": timezone.localtime(), "autosave": autosave}
        return render(request, "applicants/partials/answer_saved.html", context, status=status)
    if error is None:
        messages.success(request, f"已保存“{indicator.name}”的陈述。")
        return redirect(f"{_statement_url(application)}#indicator-{indicator.pk}")
    # Without JS: show the page again with what was typed kept in its field, and the refusal beside it.
    messages.error(request, error)
    rows = selectors_evidence.statement_rows(application)
    context = _page_context(request, application, rows)
    context.update(kept_indicator=indicator.pk, kept_text=request.POST.get("text", ""), kept_error=error)
    return render(request, "applicants/statement.html", context, status=status)


def _statement_url(application):
    return reverse("applicants:statement", args=[application.pk])
