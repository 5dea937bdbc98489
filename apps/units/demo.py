"""Demo recommending units for `manage.py seed_demo`: all 31 provincial unions, the ten national
industrial unions, and a few approved central enterprises, one central organ and one pilot unit.

Each unit comes with a handful of real-sounding employers under it and a relative weight (roughly
its industrial workforce), which spreads the national-scale applications plausibly. The set is the
same at every scale.
"""
import hashlib
from dataclasses import dataclass

from apps.core.validators import credit_code_check_char

from .enums import UnitKind
from .models import RecommendingUnit
from .services import create_unit
from .regions import PROVINCE_NAMES


@dataclass(frozen=True)
class DemoUnit:
    name: str
    kind: str
    region: str  # GB/T 2260 province code; blank for units that are not provincial unions
    login: str  # its staff's username is unit_<login>
    weight: int  # relative share of the national-scale applications
    employers: tuple  # ((name, province code where it registers), ...)


def _province(code, login, weight, *employers):
    return DemoUnit(
        f"{PROVINCE_NAMES[code]}总工会", UnitKind.PROVINCIAL_UNION, code, login, weight,
        tuple((name, code) for name in employers),
    )


def _unit(name, kind, login, weight, *employers):
    return DemoUnit(name, kind, "", login, weight, tuple(employers))


_IU, _CE = UnitKind.NATIONAL_INDUSTRIAL_UNION, UnitKind.CENTRAL_ENTERPRISE

# Logins of the provincial unions are the ISO 3166-2:CN codes, so unit_bj and unit_sh read naturally.
DEMO_UNITS = (
    _province("11", "bj", 24, "北京奔驰汽车有限公司", "国网北京市电力公司", "北京城建集团有限责任公司"),
    _province("12", "tj", 14, "天津港（集团）有限公司", "天津钢管制造有限公司", "天津一汽丰田汽车有限公司"),
    _province("13", "he", 28, "河钢集团有限公司", "长城汽车股份有限公司", "中车唐山机车车辆有限公司"),
    _province("14", "sx", 15, "太原钢铁（集团）有限公司", "山西焦煤集团有限责任公司"),
    _province("15", "nm", 12, "包头钢铁（集团）有限责任公司", "内蒙古第一机械集团有限公司"),
    _province("21", "ln", 22, "沈阳鼓风机集团股份有限公司", "大连船舶重工集团有限公司", "鞍钢股份有限公司"),
    _province("22", "jl", 12, "中国第一汽车集团有限公司", "中车长春轨道客车股份有限公司"),
    _province("23", "hl", 13, "中国一重集团有限公司", "哈尔滨电气集团有限公司"),
    _province("31", "sh", 28, "上海汽车集团股份有限公司", "江南造船（集团）有限责任公司", "上海电气集团股份有限公司", "宝山钢铁股份有限公司"),
    _province("32", "js", 55, "徐工集团工程机械股份有限公司", "江苏沙钢集团有限公司", "南京钢铁股份有限公司"),
    _province("33", "zj", 45, "浙江吉利控股集团有限公司", "杭州制氧机集团股份有限公司", "浙江石油化工有限公司"),
    _province("34", "ah", 25, "奇瑞汽车股份有限公司", "马鞍山钢铁股份有限公司", "安徽江淮汽车集团股份有限公司"),
    _province("35", "fj", 24, "宁德时代新能源科技股份有限公司", "厦门金龙汽车集团股份有限公司"),
    _province("36", "jx", 17, "江西铜业集团有限公司", "江铃汽车股份有限公司"),
    _province("37", "sd", 50, "潍柴动力股份有限公司", "海尔集团公司", "山东钢铁集团有限公司"),
    _province("41", "ha", 38, "郑州煤矿机械集团股份有限公司", "宇通客车股份有限公司", "中信重工机械股份有限公司"),
    _province("42", "hb", 30, "东风汽车集团有限公司", "武汉钢铁有限公司"),
    _province("43", "hn", 27, "三一重工股份有限公司", "中联重科股份有限公司", "湖南华菱湘潭钢铁有限公司"),
    _province("44", "gd", 60, "广州汽车集团股份有限公司", "珠海格力电器股份有限公司", "比亚迪股份有限公司"),
    _province("45", "gx", 15, "上汽通用五菱汽车股份有限公司", "广西柳工机械股份有限公司"),
    _province("46", "hi", 5, "中国石化海南炼油化工有限公司", "海南港航控股有限公司"),
    _province("50", "cq", 17, "重庆长安汽车股份有限公司", "重庆钢铁股份有限公司"),
    _province("51", "sc", 32, "东方电气集团东方汽轮机有限公司", "四川长虹电器股份有限公司", "中国第二重型机械集团有限公司"),
    _province("52", "gz", 11, "贵州茅台酒股份有限公司", "中航贵州飞机有限责任公司"),
    _province("53", "yn", 13, "云南铜业股份有限公司", "云南白药集团股份有限公司"),
    _province("54", "xz", 3, "西藏华泰龙矿业开发有限公司", "西藏高争建材股份有限公司"),
    _province("61", "sn", 18, "西安飞机工业（集团）有限责任公司", "陕西汽车控股集团有限公司"),
    _province("62", "gs", 9, "金川集团股份有限公司", "酒泉钢铁（集团）有限责任公司"),
    _province("63", "qh", 4, "青海盐湖工业股份有限公司", "西部矿业集团有限公司"),
    _province("64", "nx", 5, "宁夏宝丰能源集团股份有限公司", "共享装备股份有限公司"),
    _province("65", "xj", 10, "特变电工股份有限公司", "新疆金风科技股份有限公司"),
    _unit("中国海员建设工会全国委员会", _IU, "hyjs", 22,
          ("中国建筑第八工程局有限公司", "31"), ("中交第二航务工程局有限公司", "42"), ("中远海运集装箱运输有限公司", "31")),
    _unit("中国铁路工会全国委员会", _IU, "tielu", 24,
          ("中国铁路北京局集团有限公司", "11"), ("中国铁路上海局集团有限公司", "31"), ("中国铁路广州局集团有限公司", "44")),
    _unit("中国民航工会全国委员会", _IU, "minhang", 14,
          ("中国国际航空股份有限公司", "11"), ("中国东方航空股份有限公司", "31"), ("北京飞机维修工程有限公司", "11")),
    _unit("中国金融工会全国委员会", _IU, "jinrong", 8, ("中国印钞造币集团有限公司", "11"), ("中国工商银行股份有限公司", "11")),
    _unit("中国国防邮电工会全国委员会", _IU, "gfyd", 20,
          ("中国兵器工业集团有限公司", "11"), ("中国邮政集团有限公司", "11"), ("中国移动通信集团有限公司", "11")),
    _unit("中国教科文卫体工会全国委员会", _IU, "jkwwt", 10, ("故宫博物院", "11"), ("中国国家博物馆", "11")),
    _unit("中国农林水利气象工会全国委员会", _IU, "nlsl", 12,
          ("北大荒农垦集团有限公司", "23"), ("长江水利委员会长江勘测规划设计研究院", "42"), ("中国林业集团有限公司", "11")),
    _unit("中国机械冶金建材工会全国委员会", _IU, "jxyj", 25,
          ("中国一重集团有限公司", "23"), ("鞍钢集团有限公司", "21"), ("中国建材集团有限公司", "11"), ("中国机械工业集团有限公司", "11")),
    _unit("中国能源化学地质工会全国委员会", _IU, "nyhx", 22,
          ("中国石油化工股份有限公司镇海炼化分公司", "33"), ("国家能源投资集团有限责任公司", "11"), ("中国石油天然气集团有限公司", "11")),
    _unit("中国财贸轻纺烟草工会全国委员会", _IU, "cmqf", 12,
          ("上海烟草集团有限责任公司", "31"), ("魏桥纺织股份有限公司", "37"), ("中国盐业集团有限公司", "11")),
    _unit("中国航天科技集团有限公司", _CE, "casc", 12,
          ("首都航天机械有限公司", "11"), ("上海航天精密机械研究所", "31"), ("西安航天动力研究所", "61")),
    _unit("国家电网有限公司", _CE, "sgcc", 15,
          ("国网山东省电力公司", "37"), ("国网江苏省电力有限公司", "32"), ("国网湖北省电力有限公司", "42")),
    _unit("中国中车集团有限公司", _CE, "crrc", 12,
          ("中车青岛四方机车车辆股份有限公司", "37"), ("中车株洲电力机车有限公司", "43"), ("中车长春轨道客车股份有限公司", "22")),
    _unit("中国商用飞机有限责任公司", _CE, "comac", 8, ("上海飞机制造有限公司", "31"), ("上海飞机客户服务有限公司", "31")),
    _unit("中国船舶集团有限公司", _CE, "cssc", 10,
          ("江南造船（集团）有限责任公司", "31"), ("大连船舶重工集团有限公司", "21"), ("沪东中华造船（集团）有限公司", "31")),
    _unit("中央和国家机关工会联合会", UnitKind.CENTRAL_ORGAN, "zygj", 5,
          ("中国计量科学研究院", "11"), ("中国地图出版集团有限公司", "11")),
    _unit("深圳市总工会", UnitKind.PILOT_UNIT, "sz", 8,
          ("华为技术有限公司", "44"), ("中广核工程有限公司", "44"), ("深圳市地铁集团有限公司", "44")),
)


def seed(ctx, *, scale):
    """Create the demo units that are missing; `ctx.units` maps each login to its unit.
    """
    existing = {unit.name: unit for unit in RecommendingUnit.objects.filter(name__in=[spec.name for spec in DEMO_UNITS])}
    for spec in DEMO_UNITS:
        unit = existing.get(spec.name)
        if unit is None:
            unit = create_unit(RecommendingUnit(name=spec.name, kind=spec.kind, region=spec.region), by=None)
        ctx.units[spec.login] = unit
    ctx.tally("推荐单位", created=len(DEMO_UNITS) - len(existing), existing=len(existing))


def employer_credit_code(name, region):
    """A valid, repeatable 统一社会信用代码 for the demo employer `name` (not its real one).

    91 (an enterprise, a company) + the division code of the province's capital + a 9-character
    organisation code with its GB 11714 check digit + the GB 32100 check character.
    """
    body = f"{int(hashlib.sha256(name.encode('utf-8')).hexdigest(), 16) % 10**8:08d}"
    first17 = f"91{region}0100{body}{_organisation_code_check(body)}"
    return first17 + credit_code_check_char(first17)


def _organisation_code_check(body):
    remainder = 11 - sum(int(digit) * weight for digit, weight in zip(body, (3, 7, 9, 10, 5, 8, 4, 2))) % 11
    return {10: "X", 11: "0"}.get(remainder, str(remainder))
