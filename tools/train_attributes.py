"""Train the attribute classifier and write the shipped weights (maintenance tool).

    .venv/bin/python tools/train_attributes.py train [--epochs 12] [--out src/aigc_ethics/checkpoints/attributes]
    .venv/bin/python tools/train_attributes.py evaluate
"""
import argparse

from aigc_ethics.core.attributes import CHECKPOINT, load_classifier, train_classifier
from aigc_ethics.core.datasets import PROFESSIONS, Composition, make_dataset


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description="Train the attribute classifier and write the shipped weights.")
    p.add_argument("command", choices=("train", "evaluate"))
    p.add_argument("--epochs", type=int, default=12)
    p.add_argument("--out", default=str(CHECKPOINT))
    args = p.parse_args(argv)
    if args.command == "train":
        clf, acc = train_classifier(epochs=args.epochs)
        clf.save(args.out)
    else:
        clf = load_classifier(args.out)
        uniform = Composition(skin_tone_probs={p: (0.1,) * 10 for p in PROFESSIONS})
        acc = clf.evaluate(make_dataset(uniform, seed=202, scale=0.25))
    print(acc.to_string(index=False))


if __name__ == "__main__":
    main()
