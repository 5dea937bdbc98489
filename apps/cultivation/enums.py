from django.db import models


class CultivationStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", "培育中"
    COMPLETED = "completed", "培育完成"
    TERMINATED = "terminated", "已停止培育"


# Cultivation lasts two years from publication ("培育期一般为两年").
CULTIVATION_YEARS = 2
