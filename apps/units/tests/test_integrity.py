"""The integrity flags' pure functions (apps/units/integrity.py): each flag positive and negative, on plain rows."""
import random

import pytest

from apps.units import integrity
from apps.units.integrity import Config

CJK = [chr(code) for code in range(0x4E00, 0x4E00 + 2500)]


def text(seed, length):
    """Chinese-looking text no other seed shares a five-character run with (in practice)."""
    rng = random.Random(seed)
    return "".join(rng.choice(CJK) for _ in range(length))


def statement(seed, answers=15, length=120):
    return [(f"指标{i + 1}", text(f"{seed}:{i}", length)) for i in range(answers)]


# --- Near-duplicate statements -----------------------------------------------------------------------


def test_near_duplicates_flags_a_statement_copied_answer_by_answer():
    original = statement("a")
    copied = [(label, answer if i < 12 else text(f"b:{i}", 120)) for i, (label, answer) in enumerate(original)]
    statements = {1: original, 2: copied, 3: statement("c"), 4: statement("d")}

    found = integrity.near_duplicates(statements)

    assert [(pair.a, pair.b) for pair in found] == [(1, 2)]
    # 12 of 15 answers shared: 12*116 shared shingles of 18*116 in either statement.
    assert found[0].similarity == pytest.approx(12 / 18, abs=0.001)
    assert len(found[0].passages) == 12
    first = found[0].passages[0]
    assert first.length == 120
    assert (first.label_a, first.text_a) == (first.label_b, first.text_b)
    assert first.text_a in dict(original).values()


def test_near_duplicates_finds_nothing_among_unrelated_statements():
    statements = {key: statement(f"unrelated{key}") for key in range(1, 21)}

    assert integrity.near_duplicates(statements) == []


def one_answer_pair(shared_length):
    """Two one-answer statements of 70 shingles each sharing `shared_length` leading characters."""
    shared = text("shared", shared_length)
    first = shared + text("first", 74 - shared_length)
    second = shared + text("second", 74 - shared_length)
    return {1: [("勇挑重担", first)], 2: [("勇挑重担", second)]}


def test_near_duplicates_threshold_is_inclusive():
    # 44 shared characters: 40 shared shingles, 100 in either: exactly 0.4.
    statements = one_answer_pair(44)

    at_threshold = integrity.near_duplicates(statements, Config(threshold=0.4))
    above_threshold = integrity.near_duplicates(statements, Config(threshold=0.41))

    assert [(pair.a, pair.b, pair.similarity, pair.shared) for pair in at_threshold] == [(1, 2, 0.4, 40)]
    assert above_threshold == []


def test_near_duplicates_just_below_the_threshold_is_not_flagged():
    # 43 shared characters: 39 shared shingles of 101.
    assert integrity.near_duplicates(one_answer_pair(43), Config(threshold=0.4)) == []


def test_near_duplicates_sees_through_punctuation_and_spacing_and_shows_each_sides_own_text():
    body = text("body", 60)
    first = f"{body[:20]}，{body[20:40]}。{body[40:]}"
    second = f"{body[:20]} {body[20:40]}；\n{body[40:]}"
    statements = {1: [("技能精湛", first)], 2: [("业绩突出", second)]}

    found = integrity.near_duplicates(statements)

    assert [(pair.a, pair.b, pair.similarity) for pair in found] == [(1, 2, 1.0)]
    [passage] = found[0].passages
    assert (passage.length, passage.label_a, passage.text_a, passage.label_b, passage.text_b) == (60, "技能精湛", first, "业绩突出", second)


def test_near_duplicates_does_not_count_common_wording_as_copying():
    # Every statement quotes the same guidance; two of them share nothing else.
    guidance = text("guidance", 400)
    statements = {key: [("追求卓越", guidance), ("示范带动", text(f"own{key}", 200))] for key in range(1, 13)}
    alone = {key: statements[key] for key in (1, 2)}

    in_a_round_of_twelve = integrity.near_duplicates(statements)
    in_a_round_of_two = integrity.near_duplicates(alone)

    assert in_a_round_of_twelve == []
    assert [(pair.a, pair.b) for pair in in_a_round_of_two] == [(1, 2)]


def test_near_duplicates_in_a_round_with_common_wording_still_finds_the_copied_pair():
    # The shared guidance still counts in the size (96 of 292 shingles), not as shared: 196/292.
    guidance = text("guidance", 100)
    statements = {key: [("追求卓越", guidance), ("示范带动", text(f"own{key}", 200))] for key in range(1, 13)}
    statements[12] = [("追求卓越", guidance), ("示范带动", statements[3][1][1])]

    found = integrity.near_duplicates(statements)

    assert [(pair.a, pair.b, pair.similarity) for pair in found] == [(3, 12, round(196 / 292, 4))]
    # Only the copied answer is a passage; the guidance everyone quotes is not.
    assert [passage.text_a for passage in found[0].passages] == [statements[3][1][1]]


def test_near_duplicates_ignores_statements_too_short_to_judge():
    statements = {1: [("勇挑重担", "见附件。")] * 3, 2: [("勇挑重担", "见附件")] * 3}

    assert integrity.near_duplicates(statements) == []


def test_minhash_is_deterministic_and_estimates_jaccard():
    shared = text("m", 600)
    first = integrity.shingle_hashes(shared + text("x", 600), 5)
    second = integrity.shingle_hashes(shared + text("y", 600), 5)
    true_jaccard = len(first & second) / len(first | second)

    a, b = integrity.minhash(first, 256), integrity.minhash(second, 256)
    estimate = sum(x == y for x, y in zip(a, b)) / 256

    assert a == integrity.minhash(set(first), 256)
    assert estimate == pytest.approx(true_jaccard, abs=0.1)


def test_lsh_shape_keeps_a_pair_at_the_threshold():
    bands, rows = integrity.lsh_shape(0.4, 256)

    assert (bands, rows) == (85, 3)
    assert 1 - (1 - 0.4**rows) ** bands >= 0.995


def test_config_refuses_a_shingle_size_outside_five_to_eight():
    with pytest.raises(ValueError):
        Config(shingle_size=4)


# --- Employer credit codes ---------------------------------------------------------------------------

CODE = "91110000100000000X"


@pytest.mark.parametrize("first, second", [
    ("潍柴动力股份有限公司", "潍柴动力有限公司"),
    ("天津港（集团）有限公司", "天津港集团有限公司"),
    ("中车 青岛四方机车车辆股份有限公司", "中车青岛四方机车车辆股份有限公司"),
])
def test_credit_code_conflicts_ignores_names_that_differ_only_in_form(first, second):
    rows = [
        {"id": 1, "employer_name": first, "employer_credit_code": CODE},
        {"id": 2, "employer_name": second, "employer_credit_code": CODE.lower()},
    ]

    assert integrity.credit_code_conflicts(rows) == []


def test_credit_code_conflicts_flags_one_code_with_two_employers():
    rows = [
        {"id": 3, "employer_name": "北京奔驰汽车有限公司", "employer_credit_code": CODE},
        {"id": 1, "employer_name": "北京汽车集团有限公司", "employer_credit_code": f" {CODE.lower()}"},
        {"id": 2, "employer_name": "北京奔驰汽车有限公司", "employer_credit_code": "91110000100000001X"},
        {"id": 4, "employer_name": "无代码公司", "employer_credit_code": ""},
    ]

    conflicts = integrity.credit_code_conflicts(rows)

    assert conflicts == [integrity.CodeConflict(CODE, ((1, "北京汽车集团有限公司"), (3, "北京奔驰汽车有限公司")))]


# --- Referees ----------------------------------------------------------------------------------------


def referee(application_id, name="周立新", employer="中国航天科技集团有限公司第一研究院", code=""):
    return {"application_id": application_id, "name": name, "employer_name": employer, "employer_credit_code": code}


def test_referees_recommending_many_flags_one_referee_on_three_applications():
    rows = [referee(1), referee(5), referee(9, name="周 立新"), referee(2, name="吴敏")]

    flags = integrity.referees_recommending_many(rows, at_least=3)

    assert flags == [integrity.RefereeMany("周立新", "中国航天科技集团有限公司第一研究院", (1, 5, 9))]


def test_referees_recommending_many_counts_applications_not_rows_and_keeps_namesakes_apart():
    rows = [referee(1), referee(1), referee(5), referee(9, employer="国家电网有限公司")]

    assert integrity.referees_recommending_many(rows, at_least=3) == []


APPLICATIONS = {
    1: {"employer_name": "徐工集团工程机械股份有限公司", "employer_credit_code": CODE, "unit_name": "江苏省总工会"},
    2: {"employer_name": "中车青岛四方机车车辆股份有限公司", "employer_credit_code": "", "unit_name": "中国中车集团有限公司"},
}


def test_referee_employer_matches_flags_the_applicants_employer_by_code_and_by_name_and_the_unit():
    rows = [
        referee(1, employer="徐工集团", code=CODE),
        referee(1, name="钱程", employer="徐工集团工程机械 有限公司"),
        referee(2, name="孙强", employer="中国中车集团"),
    ]

    flags = integrity.referee_employer_matches(rows, APPLICATIONS)

    assert flags == [
        integrity.RefereeEmployer(1, "周立新", "徐工集团", (("applicant", "code"),)),
        integrity.RefereeEmployer(1, "钱程", "徐工集团工程机械 有限公司", (("applicant", "name"),)),
        integrity.RefereeEmployer(2, "孙强", "中国中车集团", (("unit", "name"),)),
    ]


def test_referee_employer_matches_passes_a_referee_from_elsewhere():
    rows = [referee(1, employer="中国科学院沈阳自动化研究所", code="12100000400011111X"), referee(3)]

    assert integrity.referee_employer_matches(rows, APPLICATIONS) == []


# --- What a viewer sees of the referee flags (rows as branch `referees` will give them) ------------------


def referee_round():
    from apps.units.selectors_integrity import RoundFlags

    applications = {
        1: {"name": "王建国", "unit_id": 10, "unit_name": "北京市总工会", "employer_name": "徐工集团工程机械股份有限公司", "employer_credit_code": CODE},
        2: {"name": "李秀英", "unit_id": 20, "unit_name": "上海市总工会", "employer_name": "上海电气集团股份有限公司", "employer_credit_code": ""},
        3: {"name": "刘洋", "unit_id": 10, "unit_name": "北京市总工会", "employer_name": "首钢集团有限公司", "employer_credit_code": ""},
    }
    rows = [referee(1), referee(2), referee(3), referee(3, name="钱程", employer="首钢集团")]
    flags = [(integrity.REFEREE_MANY, flag) for flag in integrity.referees_recommending_many(rows, 3)]
    flags += [(integrity.REFEREE_EMPLOYER, flag) for flag in integrity.referee_employer_matches(rows, applications)]
    return RoundFlags(applications, tuple(flags))


def test_unit_sees_a_referee_on_many_applications_with_the_other_units_hidden():
    from apps.units.selectors_integrity import HIDDEN_FROM_UNIT, view_flags

    many, employer = view_flags(referee_round(), {1, 3}, hidden_label=HIDDEN_FROM_UNIT)

    assert many.kind == integrity.REFEREE_MANY
    assert many.summary == "推荐专家周立新（中国航天科技集团有限公司第一研究院）在本年度共推荐了3名申报人（含其他推荐单位的申报）。"
    assert [(side.visible, side.label) for side in many.sides] == [(True, "王建国"), (False, HIDDEN_FROM_UNIT), (True, "刘洋")]
    assert employer.kind == integrity.REFEREE_EMPLOYER
    assert "钱程" in employer.summary and "申报人的工作单位（单位名称相同）" in employer.summary
    assert [(side.visible, side.label) for side in employer.sides] == [(True, "刘洋")]


def test_a_referee_flag_of_another_units_application_only_is_not_shown():
    from apps.units.selectors_integrity import HIDDEN_FROM_UNIT, view_flags

    shown = view_flags(referee_round(), {2}, hidden_label=HIDDEN_FROM_UNIT)

    assert [flag.kind for flag in shown] == [integrity.REFEREE_MANY]
