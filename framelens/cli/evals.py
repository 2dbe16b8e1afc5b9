"""``framelens eval ...``: each public benchmark scored with its published metric."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

from framelens.cli._app import (
    Verbose,
    _error_exit,
    _settings,
    _setup_logging,
    eval_app,
)
from framelens.errors import FramelensError


@eval_app.command("extraction")
def eval_extraction(
    directory: Annotated[
        Path,
        typer.Argument(
            help="Benchmark folder: html/<id>.html.gz pages and ground-truth.json.", show_default=False
        ),
    ],
    limit: Annotated[int | None, typer.Option(help="Score only the first N pages (sorted by id).")] = None,
    verbose: Verbose = 0,
) -> None:
    """Score article body extraction with the benchmark's metric, next to bare trafilatura.

    Precision, recall and F1 over 4-word shingles per page, averaged over pages.

    Example: framelens eval extraction ../shared/data/extraction-dev
    """
    _setup_logging(verbose)
    from framelens.eval.extraction import evaluate_extraction

    settings = _settings()
    _print_report(lambda: evaluate_extraction(directory, settings, limit=limit))


@eval_app.command("newsmtsc")
def eval_newsmtsc(
    file: Annotated[
        Path, typer.Argument(help="A NewsMTSC split in its published jsonl format.", show_default=False)
    ],
    limit: Annotated[int | None, typer.Option(help="Score only the first N sentences.")] = None,
    verbose: Verbose = 0,
) -> None:
    """Score target-dependent tone (macro-F1 and accuracy), next to a sentence-level VADER baseline.

    Example: framelens eval newsmtsc ../shared/data/newsmtsc/dev.jsonl
    """
    _setup_logging(verbose)
    from framelens.eval.newsmtsc import evaluate_newsmtsc

    _print_report(lambda: evaluate_newsmtsc(file, limit=limit))


@eval_app.command("propaganda")
def eval_propaganda(
    directory: Annotated[
        Path,
        typer.Argument(
            help="PTC folder: articles/article<ID>.txt, labels-si/*.task1-SI.labels, "
            "labels-tc/*.task2-TC.labels.",
            show_default=False,
        ),
    ],
    split: Annotated[
        str,
        typer.Option(
            help="heldback: the articles the packaged model never trained on (the honest figure); "
            "training: the rest (not a measure); all: every article (use for a folder framelens never saw)."
        ),
    ] = "heldback",
    limit: Annotated[int | None, typer.Option(help="Score only the first N articles (sorted by id).")] = None,
    verbose: Verbose = 0,
) -> None:
    """Score persuasion techniques with SemEval-2020 Task 11's metrics, next to trivial baselines.

    SI: span precision/recall/F1 with partial credit by character overlap; TC: micro-F1 over the gold spans.

    Example: framelens eval propaganda ../shared/data/ptc --split heldback
    """
    _setup_logging(verbose)
    from framelens.eval.propaganda import evaluate_propaganda
    from framelens.eval.splits import SPLITS

    if split not in SPLITS:
        raise _error_exit(f"--split must be one of {', '.join(SPLITS)}, not {split!r}", 2)
    _print_report(lambda: evaluate_propaganda(directory, split=split, limit=limit))


@eval_app.command("fnc1")
def eval_fnc1(
    directory: Annotated[
        Path,
        typer.Argument(
            help="FNC-1 folder: train_bodies.csv + train_stances.csv, or competition_test_bodies.csv + "
            "competition_test_stances.csv (the published layout).",
            show_default=False,
        ),
    ],
    split: Annotated[
        str | None,
        typer.Option(
            help="heldback: the bodies the packaged model never trained on (the honest figure; default for "
            "the training files); training: the rest (not a measure); all: every pair (default, and the "
            "only choice, for the test files).",
            show_default=False,
        ),
    ] = None,
    files: Annotated[
        str,
        typer.Option(
            help="Which files to read: auto (the competition test files when present, else the training "
            "files), train or competition_test."
        ),
    ] = "auto",
    limit: Annotated[int | None, typer.Option(help="Score only the first N pairs of the split.")] = None,
    verbose: Verbose = 0,
) -> None:
    """Score headline/body stance with FNC-1's metric, next to the official baseline's features.

    Relative score, accuracy, per-class F1 and confusion; the baseline row is the official
    baseline's feature set with framelens's classifier, trained on the same pairs.

    Example: framelens eval fnc1 ../shared/data/fnc1 --split heldback
    """
    _setup_logging(verbose)
    from framelens.eval.fnc1 import LAYOUTS, SPLITS, evaluate_fnc1

    if split is not None and split not in SPLITS:
        raise _error_exit(f"--split must be one of {', '.join(SPLITS)}, not {split!r}", 2)
    layouts = ("auto", *(name for name, _, _ in LAYOUTS))
    if files not in layouts:
        raise _error_exit(f"--files must be one of {', '.join(layouts)}, not {files!r}", 2)
    _print_report(lambda: evaluate_fnc1(directory, split=split, layout=files, limit=limit))


@eval_app.command("attribution")
def eval_attribution(
    directory: Annotated[
        Path,
        typer.Argument(
            help="A PolNeAR-format folder: text/<article>.txt and attributions/<article>_<annotator>.ann "
            "(brat).",
            show_default=False,
        ),
    ],
    limit: Annotated[
        int | None, typer.Option(help="Score only the first N articles (sorted by name).")
    ] = None,
    verbose: Verbose = 0,
) -> None:
    """Score quotes as attributions: source, cue and content span P/R/F1 and speaker accuracy.

    Spans pair at word overlap >= 0.3 and exactly; an attribution is found when its content
    overlaps a gold content >= 0.3.  Score the dev split (development data), never the test split.

    Example: framelens eval attribution ../shared/data/polnear/dev
    """
    _setup_logging(verbose)
    from framelens.eval.attribution import evaluate_attribution

    settings = _settings(tone=False)
    _print_report(lambda: evaluate_attribution(directory, settings, limit=limit))


@eval_app.command("clustering")
def eval_clustering(
    file: Annotated[
        Path,
        typer.Argument(
            help="JSONL: one article per line with id, text, title, date, lang and the gold cluster; "
            "or the published JSON array of Miranda et al. (2018), e.g. dataset.test.json.",
            show_default=False,
        ),
    ],
    limit: Annotated[int | None, typer.Option(help="Score only the first N articles.")] = None,
    lang: Annotated[
        list[str] | None,
        typer.Option(
            "--lang", help="Keep only articles in this language (en or eng; repeatable). Default: all."
        ),
    ] = None,
    baseline_threshold: Annotated[
        float, typer.Option("--baseline-threshold", help="The TF-IDF baseline's cosine threshold.")
    ] = 0.3,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, help="Worker processes for the analysis.")] = 1,
    verbose: Verbose = 0,
) -> None:
    """Score story clustering with BCubed precision, recall and F1, next to a TF-IDF baseline.

    framelens's side analyses the articles (without tone) into an in-memory store and
    clusters them as `framelens stories` does.

    Example: framelens eval clustering tests/fixtures/clustering/fictional.jsonl

    Example: framelens eval clustering dataset/dataset.test.json --lang en
    """
    _setup_logging(verbose)
    from framelens.corpus import load_corpus_params
    from framelens.eval.clustering import evaluate_clustering

    settings = _settings(tone=False)
    _print_report(
        lambda: evaluate_clustering(
            file,
            settings,
            load_corpus_params(),
            limit=limit,
            baseline_threshold=baseline_threshold,
            jobs=jobs,
            languages=lang or None,
        )
    )


@eval_app.command("convert-clustering")
def eval_convert_clustering(
    source: Annotated[
        Path,
        typer.Argument(
            help="The published dataset of Miranda et al. (2018): a JSON array such as dataset.test.json.",
            show_default=False,
        ),
    ],
    target: Annotated[Path, typer.Argument(help="The JSONL file to write.", show_default=False)],
    lang: Annotated[
        list[str] | None,
        typer.Option("--lang", help="Keep only articles in this language (en or eng; repeatable)."),
    ] = None,
    verbose: Verbose = 0,
) -> None:
    """Convert a published clustering dataset to the JSONL `eval clustering` documents.

    One article per line with id, text, title, date (ISO 8601), lang (ISO 639-1) and cluster.

    Example: framelens eval convert-clustering dataset/dataset.test.json en.test.jsonl --lang en
    """
    _setup_logging(verbose)
    from framelens.eval.clustering_data import convert

    try:
        summary = convert(source, target, lang or None)
    except FramelensError as exc:
        raise _error_exit(exc, 1) from None
    typer.echo(summary.render(source, target))


@eval_app.command("actors")
def eval_actors(
    directory: Annotated[
        Path,
        typer.Argument(
            help="The ECB+ release folder: ECB+/<topic>/<topic>_<n>ecb.xml and "
            "ECBplus_coreference_sentences.csv beside it.",
            show_default=False,
        ),
    ],
    topics: Annotated[
        str,
        typer.Option(
            help="dev: the standard dev topics 2,5,12,18,21,23,34,35; all: every topic in the folder; "
            "or topic numbers such as 2,5."
        ),
    ] = "dev",
    within: Annotated[
        str,
        typer.Option(
            help="Link actors across the documents of one topic, or of one story (its ecb or ecbplus half)."
        ),
    ] = "topic",
    limit: Annotated[
        int | None, typer.Option(help="Score only the first N documents of each topic (by number).")
    ] = None,
    verbose: Verbose = 0,
) -> None:
    """Score cross-article actor identity as ECB+ entity coreference, next to exact-match baselines.

    Gold mentions (human participants; locations apart), framelens's clustering: each
    document is analysed, the documents of a topic linked as `framelens compare` links
    them; MUC, B3, CEAF-e, their mean (CoNLL F1) and LEA, singletons included.

    Example: framelens eval actors ../shared/data/ecbplus-dev --topics dev
    """
    _setup_logging(verbose)
    from framelens.errors import UsageError
    from framelens.eval.actors import SCOPES, evaluate_actors, parse_topics

    if within not in SCOPES:
        raise _error_exit(f"--within must be one of {', '.join(SCOPES)}, not {within!r}", 2)
    try:
        chosen = parse_topics(topics)
    except UsageError as exc:
        raise _error_exit(exc, 2) from None
    settings = _settings(tone=False)
    _print_report(lambda: evaluate_actors(directory, settings, topics=chosen, limit=limit, within=within))


def _print_report(evaluate: Callable[[], Any]) -> None:
    """Run an evaluator and print its table; a data problem is one line and exit 1."""
    try:
        report = evaluate()
    except FramelensError as exc:
        raise _error_exit(exc, 1) from None
    typer.echo(report.render())


@eval_app.command("portrayal")
def eval_portrayal(
    path: Annotated[
        Path,
        typer.Argument(
            help="A BASIL folder (articles/, annotations/) or a PerSenT CSV split.", show_default=False
        ),
    ],
    limit: Annotated[int | None, typer.Option(help="Score only the first N articles.")] = None,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, help="Worker processes.")] = 1,
    verbose: Verbose = 0,
) -> None:
    """Score how each article portrays each annotated entity (author's feeling / sentiment).

    Macro-F1, accuracy and per-class F1 over negative/neutral/positive for framelens's
    portrayal, the mean mention tone alone and always-neutral, on the same entities.

    Example: framelens eval portrayal ../shared/data/basil-dev
    """
    _setup_logging(verbose)
    from framelens.eval.portrayal import evaluate_portrayal

    settings = _settings()
    _print_report(lambda: evaluate_portrayal(path, jobs=jobs, limit=limit, settings=settings))


@eval_app.command("wordchoice")
def eval_wordchoice(
    path: Annotated[
        Path, typer.Argument(help="A BASIL folder (articles/, annotations/).", show_default=False)
    ],
    limit: Annotated[int | None, typer.Option(help="Score only the first N articles.")] = None,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, help="Worker processes.")] = 1,
    verbose: Verbose = 0,
) -> None:
    """Score loaded wording toward an actor against BASIL's lexical-bias phrases.

    Recall of the annotated phrases surfaced as a label or loaded word of the right target,
    polarity agreement on those, and words emitted per article, next to a baseline (every
    VADER-polar word in the target's sentences) in the same run.

    Example: framelens eval wordchoice ../shared/data/basil-dev
    """
    _setup_logging(verbose)
    from framelens.eval.wordchoice import evaluate_wordchoice

    settings = _settings()
    _print_report(lambda: evaluate_wordchoice(path, jobs=jobs, limit=limit, settings=settings))
