"""Integrity flags before forwarding: pure functions over plain rows, no queries (selectors_integrity.py loads them).

Flags are shown to the unit and the office with their evidence; none of them blocks anything.

Near-duplicate statements
    A statement is the applicant's 15 answers. Each answer is normalised (NFKC, lower case, only letters
    and digits kept: whitespace and punctuation dropped) and cut into character shingles of `shingle_size`
    (5 by default: Chinese words are one to four characters, so five-character shingles rarely match by
    chance). Candidates come from MinHash with LSH banding; each candidate is then checked exactly.

    - MinHash is one-permutation hashing (one hash per shingle, `num_perm` bins, the minimum of each bin,
      empty bins filled by rotation), so a statement costs O(shingles) whatever `num_perm` is. The hash is
      zlib's CRC-32 of the shingle's UTF-32 bytes (sliced from the text's, no string per shingle) spread
      over 64 bits by a Fibonacci multiply: deterministic across processes (Python's own str hash is
      salted per process) and several times faster than blake2b. The exact check uses the strings.
    - Bands: the most rows per band for which a pair exactly at the threshold still becomes a candidate
      with probability >= 99.5 % (`lsh_shape`); a pair the exact check would flag is practically never missed.
    - Common wording (text in many statements of the round: the indicators' own guidance, a template a
      unit circulated) is not copying. A shingle found in at least max(`common_min`, `common_share` x N)
      statements of the round is common (counted on an even sample of at most `df_sample` statements, so
      memory stays bounded at 20,000 statements). The score is

          similarity = |shared shingles that are not common| / |all shingles of either statement|

      i.e. the Jaccard similarity of the two shingle sets with common wording left out of the shared part
      (in a round of a few statements nothing is common and it is the plain Jaccard). A pair is flagged
      when it is >= `threshold` (Fraction-exact, so 0.4 flags 40/100) and both statements have at least
      `min_shingles` shingles (two answers of "见附件" are not a finding).
    - Passages: for each pair of answers that share non-common shingles, difflib.SequenceMatcher
      (autojunk off: with it, the frequent characters of Chinese text break passages apart) on the
      normalised texts; blocks of >= `min_passage` characters are shown as the original text of each side.

Employer credit codes
    The same 统一社会信用代码 given with names that still differ after the referees' employer normaliser
    (`apps.applicants.referees.normalise_employer_name`: spaces, punctuation, legal-form endings).

Referees (rows from branch `referees`; wired in selectors_integrity.referee_rows)
    A referee (same name and employer: credit code, else normalised name) recommending at least
    `referee_many` applicants of the round, across units too; a referee whose employer is the applicant's
    (credit code or normalised name) or the recommending unit's (normalised name).
"""
import difflib
import math
import re
import unicodedata
import zlib
from collections import Counter, defaultdict
from dataclasses import dataclass
from fractions import Fraction

from apps.applicants.referees import normalise_employer_name
from apps.core.validators import normalize_credit_code

NEAR_DUPLICATE = "near_duplicate"
CREDIT_CODE_CONFLICT = "credit_code_conflict"
REFEREE_MANY = "referee_many"
REFEREE_EMPLOYER = "referee_employer"

KIND_LABELS = {
    NEAR_DUPLICATE: "五力陈述高度相似",
    CREDIT_CODE_CONFLICT: "同一信用代码对应不同单位名称",
    REFEREE_MANY: "推荐专家推荐人数较多",
    REFEREE_EMPLOYER: "推荐专家与申报人或推荐单位同属一个单位",
}


@dataclass(frozen=True)
class Config:
    shingle_size: int = 5
    threshold: float = 0.4
    num_perm: int = 256
    min_passage: int = 20
    min_shingles: int = 30
    common_share: float = 0.05
    common_min: int = 10
    df_sample: int = 200
    referee_many: int = 3

    def __post_init__(self):
        if not 5 <= self.shingle_size <= 8:
            raise ValueError("shingle_size must be 5..8 (Chinese text)")
        if not 0 < self.threshold <= 1:
            raise ValueError("threshold must be in (0, 1]")
        if self.num_perm & (self.num_perm - 1) or self.num_perm < 16:
            raise ValueError("num_perm must be a power of two >= 16")

    @property
    def key(self):
        """What changes the results: part of the cache key."""
        return repr(self)


# --- Text -------------------------------------------------------------------------------------------


def normalise_text(text):
    """(normalised text, offsets): word characters only (letters, digits, CJK), lower case, NFKC;
    offsets[i] is the raw index of normalised character i (to show a passage as the applicant wrote it)."""
    chars, offsets = [], []
    for index, char in enumerate(text or ""):
        for folded in unicodedata.normalize("NFKC", char).lower():
            if _NOT_KEPT.match(folded) is None:
                chars.append(folded)
                offsets.append(index)
    return "".join(chars), offsets


def shingles(normalised, size):
    return {normalised[i:i + size] for i in range(len(normalised) - size + 1)}


_MASK64 = (1 << 64) - 1
_GOLDEN = 0x9E3779B97F4A7C15


def shingle_hash(shingle):
    return (zlib.crc32(shingle.encode("utf-32-le")) * _GOLDEN) & _MASK64


def minhash(hashes, num_perm):
    """One-permutation MinHash: the top bits pick a bin, the minimum of the rest per bin; empty bins by rotation."""
    bits = num_perm.bit_length() - 1
    shift, low = 64 - bits, (1 << (64 - bits)) - 1
    best = {}
    # Descending order: the last value written to each bin is its minimum.
    for value in sorted(hashes, reverse=True):
        best[value >> shift] = value & low
    if not best:
        return None
    signature = [best.get(b) for b in range(num_perm)]
    for b in range(num_perm):
        if signature[b] is None:
            distance = 1
            while best.get((b + distance) % num_perm) is None:
                distance += 1
            signature[b] = best[(b + distance) % num_perm] + distance * (low + 1)
    return tuple(signature)


def lsh_shape(threshold, num_perm, recall=0.995):
    """(bands, rows): the most rows per band for which a pair at `threshold` is a candidate with p >= recall."""
    for rows in range(8, 0, -1):
        bands = num_perm // rows
        if 1 - (1 - threshold ** rows) ** bands >= recall:
            return bands, rows
    return num_perm, 1


def lsh_candidates(signatures, bands, rows):
    """The pairs (a, b), a < b, whose signatures agree on all rows of at least one band."""
    pairs = set()
    for band in range(bands):
        buckets = defaultdict(list)
        start = band * rows
        for key, signature in signatures.items():
            buckets[signature[start:start + rows]].append(key)
        for members in buckets.values():
            if len(members) > 1:
                members.sort()
                pairs.update((a, b) for i, a in enumerate(members) for b in members[i + 1:])
    return pairs


# --- Near-duplicate statements -----------------------------------------------------------------------


@dataclass(frozen=True)
class Passage:
    """One shared passage: the answer it is in and its original text, on each side."""

    length: int  # normalised characters
    label_a: str
    text_a: str
    label_b: str
    text_b: str


@dataclass(frozen=True)
class NearDuplicate:
    a: int
    b: int
    similarity: float
    shared: int  # shared shingles (common wording left out)
    passages: tuple = ()


_NOT_KEPT = re.compile(r"[\W_]+")


def fast_normalise(text):
    """`normalise_text` without the offsets, in C: what the shingles of a whole round are cut from."""
    return _NOT_KEPT.sub("", unicodedata.normalize("NFKC", text or "").lower())


def shingle_hashes(normalised, size):
    """The hashes of the shingles of `normalised`: slices of its UTF-32 (four bytes a character), no str per shingle."""
    data, width, crc = normalised.encode("utf-32-le"), 4 * size, zlib.crc32
    return {(crc(data[i:i + width]) * _GOLDEN) & _MASK64 for i in range(0, len(data) - width + 1, 4)}


def _statement_hashes(answers, size):
    hashes = set()
    for _, raw in answers:
        hashes |= shingle_hashes(fast_normalise(raw), size)
    return hashes


def _statement_shingles(answers, size):
    found = set()
    for _, raw in answers:
        found |= shingles(fast_normalise(raw), size)
    return found


def common_hashes(statements, config, keep=None):
    """Hashes of the shingles in at least max(common_min, common_share x N) statements (on an even sample).

    Given a dict `keep`, the sampled statements' hashes are left in it, so they are not hashed twice.
    """
    keys = sorted(statements)
    sample = keys[::max(1, math.ceil(len(keys) / config.df_sample))]
    floor = max(config.common_min, math.ceil(config.common_share * len(sample)))
    if len(sample) < floor:
        return frozenset()
    counts = Counter()
    for key in sample:
        hashes = _statement_hashes(statements[key], config.shingle_size)
        counts.update(hashes)
        if keep is not None:
            keep[key] = hashes
    return frozenset(value for value, count in counts.items() if count >= floor)


def near_duplicates(statements, config=Config()):
    """Near-duplicate pairs among `statements` ({key: [(answer label, text), ...]}), most similar first.

    One pass hashes each statement and keeps only its signature (memory stays small for 20,000; the
    DF sample's hashes are kept until their turn); the exact check rebuilds the shingle strings of the
    few candidates.
    """
    sampled = {}
    common = common_hashes(statements, config, keep=sampled)
    signatures = {}
    for key in sorted(statements):
        hashes = sampled.pop(key, None) or _statement_hashes(statements[key], config.shingle_size)
        if len(hashes) >= config.min_shingles:
            signature = minhash(hashes - common if common else hashes, config.num_perm)
            if signature is not None:
                signatures[key] = signature
    bands, rows = lsh_shape(config.threshold, config.num_perm)
    threshold = Fraction(str(config.threshold))
    found, cache = [], {}

    def exact(key):
        if key not in cache:
            every = _statement_shingles(statements[key], config.shingle_size)
            cache[key] = (every, {s for s in every if shingle_hash(s) not in common})
        return cache[key]

    for a, b in sorted(lsh_candidates(signatures, bands, rows)):
        (every_a, rare_a), (every_b, rare_b) = exact(a), exact(b)
        shared = rare_a & rare_b
        union = len(every_a | every_b)
        if shared and Fraction(len(shared), union) >= threshold:
            passages = shared_passages(statements[a], statements[b], common, config)
            found.append(NearDuplicate(a, b, round(len(shared) / union, 4), len(shared), passages))
    found.sort(key=lambda pair: (-pair.similarity, pair.a, pair.b))
    return found


def shared_passages(answers_a, answers_b, common, config, limit=20):
    """The passages of >= min_passage characters two statements share (not common wording), longest first."""
    size, need = config.shingle_size, max(1, config.min_passage - config.shingle_size + 1)

    def parsed(answers):
        rows = []
        for label, raw in answers:
            normalised, offsets = normalise_text(raw)
            rare = {s for s in shingles(normalised, size) if shingle_hash(s) not in common}
            if len(rare) >= need:
                rows.append((label, raw, normalised, offsets, rare))
        return rows

    passages, second = [], parsed(answers_b)
    for label_a, raw_a, norm_a, offsets_a, rare_a in parsed(answers_a):
        for label_b, raw_b, norm_b, offsets_b, rare_b in second:
            if len(rare_a & rare_b) < need:
                continue
            matcher = difflib.SequenceMatcher(None, norm_a, norm_b, autojunk=False)
            for i, j, length in matcher.get_matching_blocks():
                if length >= config.min_passage:
                    passages.append(Passage(
                        length, label_a, _raw(raw_a, offsets_a, i, length), label_b, _raw(raw_b, offsets_b, j, length)
                    ))
    passages.sort(key=lambda passage: -passage.length)
    return tuple(passages[:limit])


def _raw(raw, offsets, start, length):
    return raw[offsets[start]:offsets[start + length - 1] + 1].strip()


# --- Employers (names compared with the referees' rule's normaliser: one for the portal) -------------


@dataclass(frozen=True)
class CodeConflict:
    code: str
    names: tuple  # ((application key, the name as given), ...) in key order


def credit_code_conflicts(rows):
    """Credit codes given with different employers. `rows`: dicts with id, employer_name, employer_credit_code."""
    groups = defaultdict(list)
    for row in rows:
        code = normalize_credit_code(row.get("employer_credit_code") or "")
        if code and (row.get("employer_name") or "").strip():
            groups[code].append(row)
    conflicts = []
    for code, members in sorted(groups.items()):
        if len({normalise_employer_name(row["employer_name"]) for row in members}) > 1:
            names = tuple(sorted((row["id"], row["employer_name"].strip()) for row in members))
            conflicts.append(CodeConflict(code, names))
    return conflicts


def same_employer(name_a, code_a, name_b, code_b):
    """'code' when both codes are given and equal, 'name' when the normalised names are equal, else None."""
    code_a, code_b = normalize_credit_code(code_a or ""), normalize_credit_code(code_b or "")
    if code_a and code_a == code_b:
        return "code"
    name_a, name_b = normalise_employer_name(name_a), normalise_employer_name(name_b)
    return "name" if name_a and name_a == name_b else None


# --- Referees ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RefereeMany:
    name: str
    employer_name: str
    applications: tuple  # application keys, sorted


@dataclass(frozen=True)
class RefereeEmployer:
    application: int
    referee: str
    referee_employer: str
    matches: tuple  # ("applicant" | "unit", "code" | "name"), ...


def _referee_key(row):
    code = normalize_credit_code(row.get("employer_credit_code") or "")
    person = "".join((row.get("name") or "").split())
    return person, code or normalise_employer_name(row.get("employer_name"))


def referees_recommending_many(referee_rows, at_least=3):
    """Referees (same name and employer) on at least `at_least` applications. Rows: application_id, name, employer_*."""
    groups = defaultdict(lambda: {"rows": [], "applications": set()})
    for row in referee_rows:
        key = _referee_key(row)
        if key[0]:
            groups[key]["rows"].append(row)
            groups[key]["applications"].add(row["application_id"])
    flags = [
        RefereeMany(group["rows"][0]["name"], group["rows"][0].get("employer_name") or "", tuple(sorted(group["applications"])))
        for _, group in sorted(groups.items())
        if len(group["applications"]) >= at_least
    ]
    flags.sort(key=lambda flag: -len(flag.applications))
    return flags


def referee_employer_matches(referee_rows, applications):
    """Referees from the applicant's employer or the recommending unit.

    `applications`: {application key: dict with employer_name, employer_credit_code, unit_name}.
    """
    flags = []
    for row in referee_rows:
        application = applications.get(row["application_id"])
        if application is None:
            continue
        matches = []
        by_applicant = same_employer(
            row.get("employer_name"), row.get("employer_credit_code"),
            application.get("employer_name"), application.get("employer_credit_code"),
        )
        if by_applicant:
            matches.append(("applicant", by_applicant))
        if same_employer(row.get("employer_name"), "", application.get("unit_name"), ""):
            matches.append(("unit", "name"))
        if matches:
            flags.append(RefereeEmployer(row["application_id"], row.get("name") or "", row.get("employer_name") or "", tuple(matches)))
    return flags
