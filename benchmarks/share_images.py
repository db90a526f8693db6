"""CPU time per share image, drawn in one process: the drawing a first build
hands to its drawing processes, measured apart from Pelican.

The cards are those of the benchmark corpus (``corpus.generate``): its titles,
descriptions (or the first words of a post without one), dates and series, one
title in five made longer so that it wraps. Each round draws every card with a
fresh drawer, as a drawing process starts with none of the site's words, and
reports CPU time (``time.process_time``), so a busy machine adds less noise.

    python benchmarks/share_images.py                     # 200 cards, 5 rounds
    python benchmarks/share_images.py --cards 1000 --rounds 3
    git show main:pelican_plugins/description_cards/share_image.py > old.py
    python benchmarks/share_images.py --against old.py    # before and after

``--against FILE`` loads another ``share_image.py`` and draws the same cards
with it in alternating rounds, so both are measured under the same load.
"""

from __future__ import annotations

import argparse
import importlib.util
import random
import statistics
import sys
import time
from pathlib import Path
from types import ModuleType

from corpus import generate

HERE = Path(__file__).resolve().parent
SHARE_IMAGE = HERE.parent / "pelican_plugins" / "description_cards" / "share_image.py"
SITE_NAME = "Benchmark Blog"
LONGER = ("testing", "packaging", "the long road", "Debian", "coffee", "trains")


def load(path: Path, name: str) -> ModuleType:
    """A ``share_image.py`` imported on its own under ``name``."""
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def cards(module: ModuleType, count: int, seed: int) -> list[object]:
    """``count`` cards of the corpus, as ``module``'s ShareCard."""
    rng = random.Random(seed)
    made = []
    for number, post in enumerate(generate(count, seed).posts):
        title = post.title
        if number % 5 == 0:
            words = rng.choices(LONGER, k=rng.randint(2, 8))
            title = f"{title}, and what I learned about {' '.join(words)}"
        description = post.description or " ".join(post.body.split()[:25])
        series = ""
        if post.series:
            series = f"Part {post.series_index} · {post.series}"
        date = f"{post.date:%a %d %B %Y}"
        made.append(module.ShareCard(SITE_NAME, title, description, date, series))
    return made


def one_round(module: ModuleType, batch: list[object]) -> tuple[float, list[int]]:
    """CPU milliseconds per card with a fresh drawer, and each file's size."""
    start = time.process_time()
    drawer = module.Drawer(None)
    sizes = [len(drawer.draw(card)) for card in batch]
    return (time.process_time() - start) / len(batch) * 1000, sizes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cards", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--against", type=Path, help="another share_image.py")
    args = parser.parse_args()
    modules = {"this tree": load(SHARE_IMAGE, "bench_share_image")}
    if args.against:
        modules[str(args.against)] = load(args.against, "bench_share_image_against")
    batches = {label: cards(m, args.cards, args.seed) for label, m in modules.items()}
    times: dict[str, list[float]] = {label: [] for label in modules}
    sizes: dict[str, list[int]] = {}
    for round_number in range(args.rounds):
        labels = list(modules)
        for label in labels if round_number % 2 == 0 else labels[::-1]:
            spent, sizes[label] = one_round(modules[label], batches[label])
            times[label].append(spent)
    for label, spent in times.items():
        kb = [size / 1024 for size in sizes[label]]
        print(
            f"{label}: {args.cards} cards, {args.rounds} rounds: "
            f"{min(spent):.2f} ms CPU per image at best, "
            f"{statistics.median(spent):.2f} median; "
            f"files {statistics.mean(kb):.1f} KB on average, {max(kb):.1f} KB at most"
        )


if __name__ == "__main__":
    main()
