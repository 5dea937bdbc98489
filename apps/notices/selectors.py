from .models import Notice


def inbox_of(user):
    if not user.is_authenticated:
        return Notice.objects.none()
    return Notice.objects.filter(recipient=user).order_by("-created_at", "-pk")
