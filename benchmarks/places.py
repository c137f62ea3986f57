"""The dominant-place rule (``transforms.places.dominant_place``) on real articles: BBC News politics, 2004-2005.

For each article of a category of ``../shared/corpora/bbc_2004_2005_train.csv.gz`` (its headline runs into the
body, so the whole text is read as the body): the place mentions counted by country, and the dominant place
when the rule finds one. Prints how many articles get one and examples with the article's opening words, for a
reader to judge; ``--all`` lists every article with its counts (to tune the rule's thresholds).

    .venv/bin/python benchmarks/places.py                       # politics, 15 examples
    .venv/bin/python benchmarks/places.py --category business --examples 30 --all
"""

from __future__ import annotations

import argparse
import random
from collections import Counter
from pathlib import Path

import pandas as pd

from transforms.entities import find_mentions
from transforms.models import RawArticle
from transforms.nlp import load_model, parse_articles, resolve_model_name
from transforms.normalise import normalise
from transforms.places import dominant_place, is_place, location_of

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpora" / "bbc_2004_2005_train.csv.gz"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--category", default="politics")
    ap.add_argument("--examples", type=int, default=15)
    ap.add_argument("--all", action="store_true", help="every article with its country counts")
    args = ap.parse_args()
    texts = pd.read_csv(CORPUS).query("category == @args.category")["text"].tolist()
    articles = [normalise(RawArticle(record_index=i, text=t), file_id="bbc", file_sha256="bbc")
                for i, t in enumerate(texts)]
    parsed = parse_articles(load_model(resolve_model_name()), articles)
    found = []
    for text, segments in zip(texts, parsed, strict=True):
        mentions = find_mentions(segments)
        counts = Counter(m.country for m in mentions if is_place(m))
        place = dominant_place(segments, mentions)
        where = location_of(place, place.text(segments), "article") if place else None
        line = f"{text[:90]!r}\n    counts {dict(counts.most_common(4))} → "
        line += f"{where.text} ({where.country}, {where.lat}, {where.lon})" if where else "none"
        if args.all:
            print(line)
        if where:
            found.append(line)
    print(f"\n{len(found)} of {len(texts)} {args.category} articles ({len(found) / len(texts):.0%}) have a dominant "
          f"place; countries: {dict(Counter(f.split('(')[-1].split(',')[0] for f in found).most_common(8))}\n")
    for line in random.Random(13).sample(found, min(args.examples, len(found))):
        print(line)


if __name__ == "__main__":
    main()
