from .models import Notice


def inbox_of(user):
    return Notice.objects.filter(recipient=user).order_by("-created_at", "-pk")
