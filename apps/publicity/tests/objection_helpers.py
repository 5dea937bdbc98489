"""Helpers of the objection tests: answering the challenge as a person would, from the question's text."""
import re

_DIGITS = "零一二三四五六七八九"


def from_chinese(text):
    if "十" not in text:
        return _DIGITS.index(text)
    tens, _, ones = text.partition("十")
    return (_DIGITS.index(tens) if tens else 1) * 10 + (_DIGITS.index(ones) if ones else 0)


def answer(question):
    """The answer of "二十三加六等于几？"."""
    left, right = re.match(r"(.+)加(.+)等于几？", question).groups()
    return str(from_chinese(left) + from_chinese(right))


def question_in(html):
    return re.search(r'data-testid="challenge-question">([^<]+)<', html).group(1)


def token_in(html):
    return re.search(r'name="challenge_token" value="([^"]+)"', html).group(1)
