"""Time the near-duplicate check (apps/units/integrity.py) on generated statements; print time, pairs found, memory.

    .venv/bin/python benchmarks/integrity.py                          # 1,000 statements of 15 answers
    .venv/bin/python benchmarks/integrity.py --statements 20000 --runs 1

The text is generated from the words of the indicators' guidance and the demo answers (so statements share
common wording, as real ones do: the check must treat it as common, not as copying), about `--length`
characters an answer. `--planted` pairs copy 12 of 15 answers of another statement; the script checks they
are found and nothing else is. Pure Python, no database: the figure is the computation a cache miss pays
(selectors_integrity.round_flags adds two queries to load the rows).
"""
import argparse
import os
import random
import resource
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "craftsman_portal.settings")


def vocabulary():
    from apps.applicants.demo_evidence import ANSWERS
    from apps.rounds.indicators import DEFAULT_INDICATORS

    text = "".join(description for *_, description in DEFAULT_INDICATORS) + "".join(ANSWERS.values())
    chars = [char for char in text if "\u4e00" <= char <= "\u9fff"]
    rng = random.Random("vocabulary")
    words = {"".join(chars[i:i + rng.randint(2, 4)]) for i in range(0, len(chars) - 4, 3)}
    return sorted(words)


def generate(statements, answers, length, planted, seed="benchmark"):
    words, rng = vocabulary(), random.Random(seed)
    punctuation = "，，，。；、"

    def answer():
        parts, size = [], 0
        while size < length:
            word = rng.choice(words)
            parts.append(word + (rng.choice(punctuation) if rng.random() < 0.15 else ""))
            size += len(parts[-1])
        return "".join(parts)

    data = {key: [(f"指标{i + 1}", answer()) for i in range(answers)] for key in range(1, statements + 1)}
    pairs = set()
    for copy in rng.sample(range(1, statements + 1), planted * 2)[:planted]:
        original = rng.choice([key for key in data if key != copy])
        data[copy] = [item if i < answers * 4 // 5 else data[copy][i] for i, item in enumerate(data[original])]
        pairs.add((min(copy, original), max(copy, original)))
    return data, pairs


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--statements", type=int, default=1000)
    parser.add_argument("--answers", type=int, default=15)
    parser.add_argument("--length", type=int, default=300, help="characters per answer (about)")
    parser.add_argument("--planted", type=int, default=10)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    import django

    django.setup()
    from apps.units import integrity
    from apps.units.selectors_integrity import config

    conf = config()
    data, planted = generate(args.statements, args.answers, args.length, args.planted)
    characters = sum(len(text) for answers in data.values() for _, text in answers)
    print(f"{args.statements} statements x {args.answers} answers, {characters:,} characters; {conf}")
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    times, cpu = [], []
    for _ in range(args.runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        found = integrity.near_duplicates(data, conf)
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    pairs = {(pair.a, pair.b) for pair in found}
    rss_growth = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before) / 1024
    # CPU time as well as wall time: on a shared machine the wall clock mostly measures the neighbours.
    print(f"near-duplicate check: best {min(times):.2f} s wall, {min(cpu):.2f} s CPU over {args.runs} run(s); "
          f"{min(cpu) / args.statements * 1000:.2f} ms CPU a statement; peak RSS grew {rss_growth:.0f} MB")
    print(f"pairs flagged {len(pairs)}: planted found {len(pairs & planted)}/{len(planted)}, others {len(pairs - planted)}")
    return 0 if pairs == planted else 1


if __name__ == "__main__":
    sys.exit(main())
