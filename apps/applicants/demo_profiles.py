"""Realistic applicant profiles for the demo applications: valid generated resident ID numbers (GB 11643
check digit, birth date and gender consistent), mobiles, posts, skill levels and honours.

Repeatable: every value is drawn from a generator seeded by the applicant's username.
"""
import datetime
import random

from apps.core.validators import resident_id_check_char

from .profile_enums import Industry, SkillLevel

POSTS = (
    ("数控车工", Industry.C), ("焊工", Industry.C), ("钳工", Industry.C), ("电工", Industry.D), ("装配钳工", Industry.C),
    ("高炉炼铁工", Industry.C), ("轨道车辆制修工", Industry.C), ("变电检修工", Industry.D), ("工程机械维修工", Industry.C),
    ("船舶电焊工", Industry.C), ("汽车装调工", Industry.C), ("桥梁工程施工员", Industry.E), ("采煤机司机", Industry.B),
)
SKILLS = (SkillLevel.TECHNICIAN, SkillLevel.SENIOR_TECHNICIAN, SkillLevel.SENIOR_TECHNICIAN, SkillLevel.MASTER_TECHNICIAN, SkillLevel.CHIEF_TECHNICIAN)
PLACINGS = (
    "", "", "第六届全国职业技能大赛焊接项目金牌", "2019年全国数控技能大赛数控车工（职工组）第二名",
    "第一届全国技能大赛电工项目优胜奖", "全国行业职业技能竞赛装配钳工第三名",
)
TITLES = (
    "", "全国五一劳动奖章", "省级“工匠”称号\n全国技术能手", "中华技能大奖", "全国技术能手", "省劳动模范",
)


def resident_id_for(rng, *, region, birth, male):
    """A valid 18-digit number: `region` (6 digits), the birth date, a sequence whose last digit says the gender."""
    sequence = rng.randrange(0, 100) * 10 + rng.choice((1, 3, 5, 7, 9) if male else (0, 2, 4, 6, 8))
    first17 = f"{region}{birth:%Y%m%d}{sequence:03d}"
    return first17 + resident_id_check_char(first17)


def demo_profile(username, *, region):
    """The profile fields of a demo applicant registered in province `region` (two digits)."""
    rng = random.Random(f"profile:{username}")
    male = rng.random() < 0.8  # frontline manufacturing posts: mostly men in the demo, as in the statistics
    birth = datetime.date(1968, 1, 1) + datetime.timedelta(days=rng.randrange(0, 365 * 24))
    post, industry = rng.choice(POSTS)
    years = max(5, min(2026 - birth.year - 20, rng.randrange(8, 32)))
    return {
        "resident_id": resident_id_for(rng, region=f"{region}0102", birth=birth, male=male),
        "mobile": f"1{rng.choice('3589')}{rng.randrange(0, 10**9):09d}",
        "industry": industry,
        "region": region,
        "post": post,
        "frontline_years": years,
        "skill_level": rng.choice(SKILLS),
        "competition_placings": rng.choice(PLACINGS),
        "titles_held": rng.choice(TITLES),
    }
