from django.db import models


class UnitKind(models.TextChoices):
    PROVINCIAL_UNION = "provincial_union", "省（区、市）总工会"
    NATIONAL_INDUSTRIAL_UNION = "national_industrial_union", "全国产业工会"
    CENTRAL_ORGAN = "central_organ", "中央国家机关有关部门"
    CENTRAL_ENTERPRISE = "central_enterprise", "中央企业"
    PILOT_UNIT = "pilot_unit", "试点单位"
