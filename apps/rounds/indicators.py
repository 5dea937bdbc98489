"""The 15 indicators of the five powers (工匠五力), as the implementation rules name them.

Each round gets its own copy (weights and maximum scores are editable per round).
"""
from .enums import Power

DEFAULT_INDICATORS = (
    (Power.LEADERSHIP, "heavy_duty", "勇挑重担", "在本岗位上兢兢业业、勇于担当，承担本单位、本行业的工作重任。"),
    (Power.LEADERSHIP, "excellence", "追求卓越", "始终秉持工匠精神，不断超越进取，突破本单位、本行业的先进水平。"),
    (Power.LEADERSHIP, "example", "示范带动", "以身作则引领职工群众立足岗位、创新创效，获得省、部或行业的工匠称号。"),
    (Power.PRACTICE, "skill", "技能精湛", "核心业务达到行业领先水平，获得高级技师以上技能等级，或在全国性职业技能比赛中获得名次。"),
    (Power.PRACTICE, "results", "业绩突出", "核心业务成绩连续三年显著高于本岗位平均水平。"),
    (Power.PRACTICE, "learning", "持续学习", "具有终身学习的意识和持续提升的韧劲，掌握本职工作之外的知识技能。"),
    (Power.INNOVATION, "insight", "业务洞察", "善于在生产实践中发现问题、探索分析、总结规律，提出解决方案。"),
    (Power.INNOVATION, "results", "创新成果", "形成工艺工法、专利、论文专著、软件著作权、行业标准等知识产权。"),
    (Power.INNOVATION, "value", "价值创造", "创新成果、生产优化等形成显著的社会经济效益。"),
    (Power.TACKLING, "key_role", "担当重任", "参与省、部或行业的重大工程、重大项目并发挥重要作用，或获得科技奖项。"),
    (Power.TACKLING, "collaboration", "协同配合", "与科学家、工程师等顺畅沟通、形成团队，在协同攻关中发挥重要作用。"),
    (Power.TACKLING, "bottleneck", "直面难题", "研究制约本行业发展的瓶颈问题，参与解决“卡脖子”难题。"),
    (Power.INHERITANCE, "codify", "总结继承", "注重学习梳理，总结、归纳、提炼已有技术技能。"),
    (Power.INHERITANCE, "apprentices", "培养人才", "积极开展师徒帮带，培养出一批具有发展前景的中青年人才。"),
    (Power.INHERITANCE, "intelligent", "应用智能", "推动本领域知识技能的智能化、数字化，促进与智能工具相融合。"),
)
