"""The profile's enumerations: gender, industry (GB/T 4754-2017 sections), skill level, consent purpose."""
from django.db import models


class Gender(models.TextChoices):
    MALE = "M", "男"
    FEMALE = "F", "女"


class Industry(models.TextChoices):
    """The 20 sections (门类) of GB/T 4754-2017 国民经济行业分类."""

    A = "A", "农、林、牧、渔业"
    B = "B", "采矿业"
    C = "C", "制造业"
    D = "D", "电力、热力、燃气及水生产和供应业"
    E = "E", "建筑业"
    F = "F", "批发和零售业"
    G = "G", "交通运输、仓储和邮政业"
    H = "H", "住宿和餐饮业"
    I = "I", "信息传输、软件和信息技术服务业"  # noqa: E741  the standard's own letter
    J = "J", "金融业"
    K = "K", "房地产业"
    L = "L", "租赁和商务服务业"
    M = "M", "科学研究和技术服务业"
    N = "N", "水利、环境和公共设施管理业"
    O = "O", "居民服务、修理和其他服务业"  # noqa: E741
    P = "P", "教育"
    Q = "Q", "卫生和社会工作"
    R = "R", "文化、体育和娱乐业"
    S = "S", "公共管理、社会保障和社会组织"
    T = "T", "国际组织"


# 制造业等实体经济领域 (the rules: 培育对象"以制造业等实体经济领域职工为主"): the sections that count as
# manufacturing and the real economy for the unit's balance panel (`apps.units.balance`). The rules name no
# list, so this is the portal's reading, kept narrow enough that the warning means something for craftsmen:
# the goods-producing sections A-E (agriculture, mining, manufacturing, power/heat/gas/water, construction)
# and the production services that build and run physical and digital infrastructure: G (transport, storage,
# post), I (information transmission, software), M (scientific research and technical services, where many
# aerospace and engineering workshops are registered) and N (water conservancy, environment). Outside it:
# trade, hospitality, finance, real estate, business and personal services, education, health, culture,
# public administration and international organisations (F, H, J, K, L, O, P, Q, R, S, T).
REAL_ECONOMY_INDUSTRIES = frozenset({
    Industry.A, Industry.B, Industry.C, Industry.D, Industry.E, Industry.G, Industry.I, Industry.M, Industry.N,
})


class SkillLevel(models.TextChoices):
    """Vocational skill levels (国家职业资格五级 and the new 特级技师 / 首席技师 above 高级技师)."""

    JUNIOR = "junior", "初级工"
    INTERMEDIATE = "intermediate", "中级工"
    SENIOR = "senior", "高级工"
    TECHNICIAN = "technician", "技师"
    SENIOR_TECHNICIAN = "senior_technician", "高级技师"
    MASTER_TECHNICIAN = "master_technician", "特级技师"
    CHIEF_TECHNICIAN = "chief_technician", "首席技师"


class ConsentPurpose(models.TextChoices):
    REGISTRATION = "registration", "注册账号"
    APPLICATION = "application", "申报"
