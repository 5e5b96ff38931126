"""The ``hrgraph`` command: a thin layer over the Python API.

Exit status: 0 success; 1 the data does not conform (validate) or is not canonical (fmt --check);
2 bad input or usage (a file that does not parse, an unknown entity, an unwritable output).
"""

from __future__ import annotations

import functools
import sys
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import click
from rdflib import Graph

from hrgraph import __version__
from hrgraph.atomic import write_atomic
from hrgraph.entities import describe, resolve
from hrgraph.errors import HRGraphError
from hrgraph.export import FORMATS, serialize
from hrgraph.load import load, parse_file
from hrgraph.paths import ONTOLOGY_FILE
from hrgraph.stats import stats
from hrgraph.validate import validate

F = TypeVar("F", bound=Callable[..., Any])


class _Exit(click.ClickException):
    """A user-facing error: message on stderr, exit status 2."""

    exit_code = 2

    def show(self, file: Any = None) -> None:
        click.echo(f"error: {self.format_message()}", err=True)


def _reports_errors(command: F) -> F:
    """Turn library errors into one-line messages and ill-typed literal warnings into stderr lines."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                return command(*args, **kwargs)
            except HRGraphError as error:
                raise _Exit(str(error)) from None
            finally:
                for warning in caught:
                    click.echo(f"warning: {warning.message}", err=True)

    return wrapper  # type: ignore[return-value]


def _graph(ctx: click.Context, *, ontology: bool = True) -> Graph:
    paths: Sequence[Path] = ctx.obj["data"]
    return load(paths or None, ontology=ontology, strict=ctx.obj["strict"])


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="hrgraph")
@click.option(
    "--data",
    "data",
    multiple=True,
    type=click.Path(path_type=Path),
    help="Use these RDF files or directories instead of the bundled graph (repeatable).",
)
@click.option("--strict", is_flag=True, help="Treat ill-typed literals as errors, not warnings.")
@click.pass_context
def cli(ctx: click.Context, data: tuple[Path, ...], strict: bool) -> None:
    """hrgraph: the Human Rights Cities knowledge graph.

    Every command works on the bundled graph unless --data names other files.
    """
    ctx.obj = {"data": list(data), "strict": strict}


@cli.command("stats")
@click.pass_context
@_reports_errors
def stats_command(ctx: click.Context) -> None:
    """Count triples, entities by class and statements by property."""
    click.echo(stats(_graph(ctx, ontology=False), _graph(ctx)).text())


@cli.command("validate")
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.option("--with-bundled", is_flag=True, help="Validate FILES together with the bundled graph.")
@click.pass_context
@_reports_errors
def validate_command(ctx: click.Context, files: tuple[Path, ...], with_bundled: bool) -> None:
    """Check the bundled graph, or FILES, against the SHACL shapes.

    Prints every problem (entity, label, what is wrong) and exits 1 if any is a violation.
    """
    strict = ctx.obj["strict"]
    if files:
        graph = load(files, strict=strict)
        if with_bundled:
            graph += load(strict=strict)
    else:
        graph = _graph(ctx)
    report = validate(graph)
    click.echo(report.text())
    ctx.exit(0 if report.conforms else 1)


@cli.command("show")
@click.argument("entity")
@click.option("--lang", default="en", show_default=True, help="Language of labels (falls back to English).")
@click.pass_context
@_reports_errors
def show_command(ctx: click.Context, entity: str, lang: str) -> None:
    """Everything about ENTITY (IRI, CURIE, slug or name in any language), with sources."""
    graph = _graph(ctx)
    click.echo(describe(graph, resolve(graph, entity), lang=lang).text())


@cli.command("export")
@click.option(
    "--format",
    "rdf_format",
    type=click.Choice(list(FORMATS)),
    default="turtle",
    show_default=True,
    help="Serialization.",
)
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write here (atomically) instead of stdout.")
@click.option("--ontology/--no-ontology", default=False, show_default=True, help="Include the ontology.")
@click.option("--force", is_flag=True, help="Replace OUTPUT if it exists with other content.")
@click.pass_context
@_reports_errors
def export_command(
    ctx: click.Context, rdf_format: str, output: Path | None, ontology: bool, force: bool
) -> None:
    """Write the whole graph, byte-identical on every run."""
    vocabulary = parse_file(ONTOLOGY_FILE) if ontology else None
    graph = _graph(ctx, ontology=ontology)
    data = serialize(graph, rdf_format, ontology=vocabulary)
    if output is None:
        sys.stdout.buffer.write(data)
        return
    changed = write_atomic(output, data, overwrite=force)
    click.echo(f"{'wrote' if changed else 'unchanged'} {output} ({len(data)} bytes)", err=True)


@cli.command("fmt")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--check", is_flag=True, help="Change nothing; exit 1 if a file is not canonical.")
@click.pass_context
@_reports_errors
def fmt_command(ctx: click.Context, files: tuple[Path, ...], check: bool) -> None:
    """Rewrite Turtle FILES in hrgraph's canonical form (sorted, fixed prefixes)."""
    outdated = []
    for path in files:
        canonical = serialize(parse_file(path, strict=ctx.obj["strict"]), "turtle")
        if path.read_bytes() == canonical:
            continue
        outdated.append(path)
        if not check:
            write_atomic(path, canonical, overwrite=True)
    verb = "not canonical" if check else "reformatted"
    for path in outdated:
        click.echo(f"{verb}: {path}", err=True)
    ctx.exit(1 if check and outdated else 0)


def main() -> None:
    cli(prog_name="hrgraph")
