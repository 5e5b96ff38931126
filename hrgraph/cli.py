"""The ``hrgraph`` command: a thin layer over the Python API.

Exit status: 0 success; 1 the data does not conform (validate) or is not canonical (fmt --check);
2 bad input or usage (a file that does not parse, an unknown entity, an unwritable output).
"""

from __future__ import annotations

import contextlib
import functools
import sys
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar

import click
from rdflib import Graph

from hrgraph._version import __version__
from hrgraph.atomic import replaces_other_content, write_atomic
from hrgraph.entities import describe, resolve
from hrgraph.errors import HRGraphError, OutputError
from hrgraph.load import load
from hrgraph.paths import GRAPH_DIR, ONTOLOGY_FILE, working_graph_dir
from hrgraph.projection import PROJECTIONS
from hrgraph.rdf.export import serialize
from hrgraph.rdf.files import expand, parse_file, quiet_literals
from hrgraph.rdf.formats import EXPORT_FORMATS
from hrgraph.rdf.store import DEFAULT_STORE, StoreSpec, build
from hrgraph.results import GRAPH_FORMATS, TABLE_FORMATS, format_result, format_table
from hrgraph.sparql import DEFAULT_MAX_ROWS, NamedQuery, as_query, library, run_query
from hrgraph.stats import stats

F = TypeVar("F", bound=Callable[..., Any])
T = TypeVar("T")


class _Exit(click.ClickException):
    """A user-facing error: message on stderr, exit status 2."""

    exit_code = 2

    def show(self, file: Any = None) -> None:
        click.echo(f"error: {self.format_message()}", err=True)


_progress_option = click.option(
    "--progress/--no-progress", default=None, help="Show a progress bar [default: when stderr is a terminal].")


def _reports_errors(command: F) -> F:
    """Turn library errors into one-line messages and ill-typed literal warnings into stderr lines."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                with quiet_literals():  # hrgraph's one-line warnings, not rdflib's tracebacks
                    return command(*args, **kwargs)
            except HRGraphError as error:
                raise _Exit(str(error)) from None
            finally:
                shown = (str(w.message) for w in caught if not issubclass(w.category, DeprecationWarning))
                for message in dict.fromkeys(shown):  # once each, though a command loads the graph twice
                    click.echo(f"warning: {message}", err=True)

    return wrapper  # type: ignore[return-value]


def _graph(ctx: click.Context, *, ontology: bool = True, lossless: str | None = None) -> Graph:
    """The graph the command works on, on the store the user chose, else hrgraph's default.

    rdflib's memory store keeps every literal as written, Oxigraph its canonical value
    (``"0510000"^^xsd:integer`` becomes ``"510000"``). ``lossless="always"`` (commands that rewrite
    curated files) takes the memory store whatever was chosen; ``"unless-chosen"`` (commands that
    write the user's data out) takes it when no store was chosen.
    """
    paths: Sequence[Path] = ctx.obj["data"]
    chosen: StoreSpec | None = ctx.obj["store"]
    store = "memory" if lossless == "always" or (lossless == "unless-chosen" and chosen is None) else chosen
    return load(paths or None, ontology=ontology, strict=ctx.obj["strict"], store=store)


def _working_copy(ctx: click.Context) -> Path:
    """The working copy of graph/ a curation command writes into when no --data is given
    (:func:`hrgraph.paths.working_graph_dir`); the command then reads it too, as its data."""
    directory = working_graph_dir()
    if directory.resolve() != GRAPH_DIR.resolve():
        ctx.obj["data"] = (directory,)
    return directory


def _parse_store(ctx: click.Context, param: click.Parameter, value: str | None) -> StoreSpec | None:
    """Check a --store value; given after a command, it overrides the one given before it."""
    if value is None:
        return None
    try:
        spec = StoreSpec.parse(value)
    except HRGraphError as error:
        hint = "; a Graph Store URL goes to 'hrgraph push --graph-store URL'" if "://" in value else ""
        raise click.BadParameter(str(error).partition(": ")[2] + hint, ctx=ctx, param=param) from None
    if ctx.obj is not None:
        ctx.obj["store"] = spec
    return spec


_STORE_HELP = (
    "Where the graph lives: memory (rdflib), oxigraph (in memory) or oxigraph:PATH (a store built by "
    f"'hrgraph load') [default: {DEFAULT_STORE}; env: HRGRAPH_STORE]."
)


def _store_option(command: F) -> F:
    """``--store`` after the command name too, as in ``hrgraph query NAME --store oxigraph:PATH``."""
    return click.option(
        "--store", metavar="memory|oxigraph[:PATH]", callback=_parse_store, expose_value=False, help=_STORE_HELP
    )(command)


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
@click.option("--store", metavar="memory|oxigraph[:PATH]", envvar="HRGRAPH_STORE", callback=_parse_store, help=_STORE_HELP)
@click.pass_context
def cli(ctx: click.Context, data: tuple[Path, ...], strict: bool, store: StoreSpec | None) -> None:
    """hrgraph: the Human Rights Cities knowledge graph.

    Every command works on the bundled graph unless --data names other files, or --store names a
    store built by 'hrgraph load'.
    """
    ctx.obj = {"data": list(data), "strict": strict, "store": store}  # None: not chosen


@cli.command("stats")
@_store_option
@click.pass_context
@_reports_errors
def stats_command(ctx: click.Context) -> None:
    """Count triples, entities by class and statements by property."""
    click.echo(stats(_graph(ctx, ontology=False), _graph(ctx)).text())


@cli.command("validate")
@_store_option
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.option("--with-bundled", is_flag=True, help="Validate FILES together with the bundled graph.")
@click.pass_context
@_reports_errors
def validate_command(ctx: click.Context, files: tuple[Path, ...], with_bundled: bool) -> None:
    """Check the bundled graph, or FILES, against the SHACL shapes.

    Prints every problem (entity, label, what is wrong) and exits 1 if any is a violation.
    """
    from hrgraph.validate import validate  # pyrudof takes a tenth of a second to import

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
@_store_option
@click.argument("entity")
@click.option("--lang", default="en", show_default=True, help="Language of labels (falls back to English).")
@click.pass_context
@_reports_errors
def show_command(ctx: click.Context, entity: str, lang: str) -> None:
    """Everything about ENTITY (IRI, CURIE, slug or name in any language), with sources."""
    graph = _graph(ctx)
    click.echo(describe(graph, resolve(graph, entity), lang=lang).text())


@cli.command("export")
@_store_option
@click.option(
    "--format",
    "rdf_format",
    type=click.Choice(list(EXPORT_FORMATS)),
    default="turtle",
    show_default=True,
    help="Serialization.",
)
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write here (atomically) instead of stdout.")
@click.option("--ontology/--no-ontology", default=False, show_default=True, help="Include the ontology.")
@click.option("--force", is_flag=True, help="Replace OUTPUT if it exists with other content.")
@_progress_option
@click.pass_context
@_reports_errors
def export_command(
    ctx: click.Context, rdf_format: str, output: Path | None, ontology: bool, force: bool, progress: bool | None
) -> None:
    """Write the whole graph, byte-identical on every run.

    Literals are written as the files have them (the memory store) unless --store says otherwise:
    on Oxigraph, valid numbers and booleans take their canonical form.
    """
    with _stages("exporting: reading, serializing, writing", 3, _shows_progress(progress)) as done:
        vocabulary = parse_file(ONTOLOGY_FILE) if ontology else None
        graph = _graph(ctx, ontology=ontology, lossless="unless-chosen")
        done()
        data = serialize(graph, rdf_format, ontology=vocabulary)
        done()
        _emit(data, output, force)
        done()


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


@cli.command("queries")
@click.option("--format", "fmt", type=click.Choice(["table", "md"]), default="table", show_default=True)
@_reports_errors
def queries_command(fmt: str) -> None:
    """List the query library: names, titles and parameters."""
    rows = [
        (
            query.name,
            query.title,
            ", ".join(f"{p.name} ({p.type}, default {p.default})" for p in query.parameters),
        )
        for query in library().values()
    ]
    click.echo(format_table(["name", "title", "parameters"], rows, markdown=fmt == "md"), nl=False)


@cli.command("prefixes")
@click.option("--format", "fmt", type=click.Choice(["table", "md", "sparql"]), default="table", show_default=True,
              help="sparql: PREFIX lines to paste into a query.")
def prefixes_command(fmt: str) -> None:
    """List the prefixes a query may use without declaring them (its own PREFIX lines win)."""
    from hrgraph.namespaces import QUERY_PREFIXES

    if fmt == "sparql":
        click.echo("".join(f"PREFIX {name}: <{iri}>\n" for name, iri in QUERY_PREFIXES.items()), nl=False)
        return
    rows = [(f"{name}:", str(iri)) for name, iri in QUERY_PREFIXES.items()]
    click.echo(format_table(["prefix", "namespace"], rows, markdown=fmt == "md"), nl=False)


@cli.command("query")
@_store_option
@click.argument("query", required=False)
@click.option("--file", "query_file", type=click.Path(path_type=Path), help="Run the SPARQL in this .rq file.")
@click.option("-p", "--param", "params", multiple=True, metavar="NAME=VALUE", help="A parameter value (repeatable).")
@click.option("--format", "fmt", type=click.Choice([*TABLE_FORMATS, *GRAPH_FORMATS]), help="Output format.")
@click.option("--columns", metavar="A,B", help="Only these columns of a SELECT answer, in this order (XLabel comes with X).")
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write here (atomically) instead of stdout.")
@click.option("--force", is_flag=True, help="Replace OUTPUT if it exists with other content.")
@click.option("--lang", help="Language of labels, falling back to English, then to any language (for queries with a lang parameter).")
@click.option("--infer", type=click.Choice(["rdfs", "owlrl"]), help="Query the graph with RDFS or OWL 2 RL entailments.")
@click.option("--endpoint", help="Run on this SPARQL 1.1 query endpoint instead of the local graph.")
@click.option("--user", help="User name for the endpoint (HTTP basic auth).")
@click.option("--password", envvar="HRGRAPH_PASSWORD", help="Password for the endpoint [env: HRGRAPH_PASSWORD].")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=60.0, show_default=True, help="Seconds before giving up.")
@click.option("--max-rows", type=click.IntRange(min=1), default=DEFAULT_MAX_ROWS, show_default=True, help="Row cap.")
@click.option("--allow-update", is_flag=True, help="Allow INSERT/DELETE/LOAD/CLEAR/DROP (refused by default).")
@click.pass_context
@_reports_errors
def query_command(
    ctx: click.Context,
    query: str | None,
    query_file: Path | None,
    params: tuple[str, ...],
    fmt: str | None,
    columns: str | None,
    output: Path | None,
    force: bool,
    lang: str | None,
    infer: str | None,
    endpoint: str | None,
    user: str | None,
    password: str | None,
    timeout: float,
    max_rows: int,
    allow_update: bool,
) -> None:
    """Run a library query by NAME, SPARQL text, or --file; ASK exits 1 when the answer is false.

    SPARQL may use the prefixes 'hrgraph prefixes' lists without declaring them.

    \b
    hrgraph query members-of-network --param network=ECCAR
    hrgraph query 'SELECT ?city WHERE { ?city a hrg:City }'
    hrgraph query --file my.rq --format csv -o cities.csv
    """
    if (query is None) == (query_file is None):
        raise click.UsageError("give a query NAME or SPARQL text, or --file FILE (one of them)")
    named = NamedQuery.from_file(query_file) if query_file else as_query(query or "")
    values = dict(_split_param(p) for p in params)
    if lang and "lang" not in values and any(p.name == "lang" for p in named.parameters):
        values["lang"] = lang
    graph = _graph(ctx)
    target = None
    if endpoint:
        from hrgraph.remote import Endpoint

        target = Endpoint(endpoint, user=user, password=password if user else None, timeout=timeout)
    result = run_query(
        named,
        values,
        graph=graph,
        endpoint=target,
        infer=infer,
        allow_update=allow_update,
        timeout=None if target else timeout,
        max_rows=max_rows,
    )
    if columns is not None:
        if result.kind != "select":
            raise click.UsageError("--columns applies to the rows of a SELECT answer")
        result = result.project([name.strip().lstrip("?") for name in columns.split(",") if name.strip()])
    if result.kind == "update":
        data = serialize(graph, "turtle") if output else b"update done\n"
    else:
        try:
            data = format_result(result, fmt, width=None if output else _terminal_width())
        except ValueError as error:
            raise click.UsageError(str(error)) from None
    if result.truncated:
        click.echo(f"warning: truncated at {max_rows} rows (raise --max-rows to see more)", err=True)
    _emit(data, output, force)
    if result.kind == "ask":
        ctx.exit(0 if result.boolean else 1)


@cli.command("push")
@_store_option
@click.option(
    "--graph-store", "graph_store", help="SPARQL 1.1 Graph Store HTTP Protocol endpoint, e.g. http://127.0.0.1:7878/store."
)
@click.option("--update", "update_url", help="SPARQL 1.1 Update endpoint, where no Graph Store endpoint is offered.")
@click.option("--graph", "graph_iri", help="Replace this named graph instead of the default graph.")
@click.option("--user", help="User name (HTTP basic auth).")
@click.option("--password", envvar="HRGRAPH_PASSWORD", help="Password [env: HRGRAPH_PASSWORD].")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=120.0, show_default=True)
@click.option("--ontology/--no-ontology", default=True, show_default=True, help="Include the ontology.")
@click.pass_context
@_reports_errors
def push_command(
    ctx: click.Context,
    graph_store: str | None,
    update_url: str | None,
    graph_iri: str | None,
    user: str | None,
    password: str | None,
    timeout: float,
    ontology: bool,
) -> None:
    """Load the graph into a triple store, replacing the target graph in one request."""
    from hrgraph.remote import push, push_update

    if (graph_store is None) == (update_url is None):
        raise click.UsageError("give exactly one of --graph-store URL or --update URL")
    graph = _graph(ctx, ontology=ontology)
    if graph_store:
        sent = push(graph, graph_store, graph_iri=graph_iri, user=user, password=password if user else None, timeout=timeout)
    else:
        sent = push_update(graph, update_url or "", graph_iri=graph_iri, user=user, password=password if user else None, timeout=timeout)
    click.echo(f"pushed {sent} triples to {graph_iri or 'the default graph'}", err=True)


class _AnalysisFormat(click.Choice):
    """The names of hrgraph.analyze.ANALYSIS_FORMATS, read when analyze first needs them (help, parsing),
    so that the other commands start without importing networkx."""

    def __init__(self) -> None:
        super().__init__(())

    @property  # type: ignore[override]
    def choices(self) -> tuple[str, ...]:
        from hrgraph.analyze import ANALYSIS_FORMATS

        return tuple(ANALYSIS_FORMATS)

    @choices.setter
    def choices(self, value: Sequence[str]) -> None:
        """click.Choice sets its choices when made; these are read from the library instead."""


@cli.command("analyze")
@_store_option
@click.option("--projection", type=click.Choice(list(PROJECTIONS)), default="full", show_default=True,
              help="The network to measure.")
@click.option("--as-of", "as_of", type=int, metavar="YEAR", help="The network as it stood in YEAR.")
@click.option("--format", "fmt", type=_AnalysisFormat(), default="table", show_default=True,
              help="table: every part; json: one object with every part; csv: the centrality rows.")
@click.option("--top", type=click.IntRange(min=0), help="Centrality rows (default 20 in a table, all otherwise; 0: all).")
@click.option("--graphml", type=click.Path(path_type=Path), help="Also write the projection as GraphML (Gephi, yEd).")
@click.option("--gexf", type=click.Path(path_type=Path), help="Also write the projection as GEXF (Gephi).")
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write here (atomically) instead of stdout.")
@click.option("--force", is_flag=True, help="Replace existing output files that hold other content.")
@click.pass_context
@_reports_errors
def analyze_command(
    ctx: click.Context,
    projection: str,
    as_of: int | None,
    fmt: str,
    top: int | None,
    graphml: Path | None,
    gexf: Path | None,
    output: Path | None,
    force: bool,
) -> None:
    """Centrality (degree, betweenness, PageRank), Louvain communities, components and timeline.

    \b
    hrgraph analyze --projection membership
    hrgraph analyze --as-of 2000 --format json -o network-2000.json
    hrgraph analyze --gexf hrgraph.gexf
    """
    from hrgraph.analyze import analyze, gephi_bytes

    analysis = analyze(_graph(ctx), projection, as_of=as_of)
    files = [(path, gephi_bytes(analysis.graph, name)) for path, name in ((graphml, "graphml"), (gexf, "gexf")) if path]
    data = analysis.render(fmt, top).encode("utf-8")
    for path, content in [*files, (output, data)]:  # refuse before writing anything
        if path is not None and not force and replaces_other_content(path, content):
            raise OutputError(f"{path}: exists; use --force to replace it")
    for path, content in files:
        _emit(content, path, force)
    _emit(data, output, force)


@cli.command("relate")
@_store_option
@click.argument("a")
@click.argument("b")
@click.option("--max-length", type=click.IntRange(min=1), default=6, show_default=True,
              help="Longest path to look for, in steps.")
@click.option("--through", multiple=True, metavar="KIND",
              help="Pass only through entities of these kinds (repeatable): cities, places, organizations, "
                   "instruments, events, people, principles, continents [default: any].")
@click.pass_context
@_reports_errors
def relate_command(ctx: click.Context, a: str, b: str, max_length: int, through: tuple[str, ...]) -> None:
    """How A and B are connected: the shortest paths, each step a sentence with date and sources.

    A and B are names in any language, slugs or IRIs. Exits 1 when there is no path within
    --max-length steps.
    """
    from hrgraph.analyze import path_kinds, paths_text, relate

    paths = relate(_graph(ctx), a, b, max_length=max_length, through=path_kinds(through) if through else None)
    if not paths:
        click.echo(f"no path between {a} and {b} within {max_length} steps")
        ctx.exit(1)
    click.echo(paths_text(paths), nl=False)


@cli.command("view")
@_store_option
@click.option("-o", "--output", type=click.Path(path_type=Path), default="view.html", show_default=True,
              help="The HTML file to write (atomically; nothing else is written).")
@click.option("--projection", type=click.Choice(list(PROJECTIONS)), default="full", show_default=True,
              help="The network to show.")
@click.option("--focus", metavar="ENTITY", help="Show only ENTITY (name, slug or IRI) and its neighbours.")
@click.option("--depth", type=click.IntRange(min=0), help="Steps from --focus to include (default 1).")
@click.option("--query", "query_name", metavar="NAME", help="Show the entities a library query (or SPARQL text) names.")
@click.option("-p", "--param", "params", multiple=True, metavar="NAME=VALUE", help="A --query parameter (repeatable).")
@click.option("--type", "kinds", multiple=True, metavar="KIND",
              help="Show only entities of this kind: city, network, hrg:Instrument... (repeatable).")
@click.option("--as-of", "as_of", type=int, metavar="YEAR", help="The network as it stood in YEAR.")
@click.option("--title", help="The page's title (default: says what the view shows).")
@click.option("--force", is_flag=True, help="Replace OUTPUT if it exists with other content.")
@click.pass_context
@_reports_errors
def view_command(
    ctx: click.Context,
    output: Path,
    projection: str,
    focus: str | None,
    depth: int | None,
    query_name: str | None,
    params: tuple[str, ...],
    kinds: tuple[str, ...],
    as_of: int | None,
    title: str | None,
    force: bool,
) -> None:
    """Write an interactive HTML view of the graph: one file that works offline.

    Options combine, each narrowing the view: --query, then --focus, then --type.

    \b
    hrgraph view -o graph.html
    hrgraph view --focus Rosario --depth 2 -o rosario.html
    hrgraph view --query members-of-network -p network=ECCAR -o eccar.html
    hrgraph view --type city --type network --as-of 2010 -o 2010.html
    """
    from hrgraph.render import select_view, write_view

    if depth is not None and focus is None:
        raise click.UsageError("--depth needs --focus ENTITY")
    if params and query_name is None:
        raise click.UsageError("--param needs --query NAME")
    view = select_view(
        _graph(ctx),
        projection=projection,
        as_of=as_of,
        focus=focus,
        depth=1 if depth is None else depth,
        query=query_name,
        params=dict(_split_param(p) for p in params),
        kinds=kinds,
    )
    changed = write_view(view, output, title or view.graph["title"], force=force)
    nodes, edges = view.number_of_nodes(), view.number_of_edges()
    size = f"{nodes} {'entity' if nodes == 1 else 'entities'}, {edges} relationship{'' if edges == 1 else 's'}"
    click.echo(f"{'wrote' if changed else 'unchanged'} {output} ({size})", err=True)


@cli.command("serve")
@_store_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (loopback by default).")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port to listen on.")
@click.option("--data", "more_data", multiple=True, type=click.Path(path_type=Path),
              help="Serve these RDF files or directories instead of the bundled graph (repeatable).")
@click.option("--enable-update", is_flag=True, help="Accept SPARQL updates by POST (read-only by default).")
@click.option("--allow-service", is_flag=True, help="Allow SERVICE in queries and LOAD of http(s) IRIs in updates.")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=30.0, show_default=True,
              help="Seconds a query or update may run before it is stopped.")
@click.option("--max-rows", type=click.IntRange(min=1), default=DEFAULT_MAX_ROWS, show_default=True,
              help="Rows of an answer before it is cut (X-Truncated: true).")
@click.option("--max-body", type=click.IntRange(min=1), default=1024 * 1024, show_default=True,
              help="Largest request body in bytes (413 beyond).")
@click.option("--cors", multiple=True, metavar="ORIGIN", help="Let pages of ORIGIN query the endpoint (repeatable; * for any).")
@click.option("--workers", type=click.IntRange(min=1), default=None, show_default="one per CPU, at least 2",
              help="Query worker processes, forked once and reused.")
@click.pass_context
@_reports_errors
def serve_command(
    ctx: click.Context,
    host: str,
    port: int,
    more_data: tuple[Path, ...],
    enable_update: bool,
    allow_service: bool,
    timeout: float,
    max_rows: int,
    max_body: int,
    cors: tuple[str, ...],
    workers: int | None,
) -> None:
    """Serve the graph: web pages, a SPARQL 1.1 endpoint at /sparql, and linked data.

    \b
    hrgraph serve                              # http://127.0.0.1:8000/
    hrgraph serve --port 9000 --data my.ttl
    hrgraph serve --enable-update --timeout 10 --cors https://example.org
    """
    from hrgraph.web import Settings, run

    ctx.obj["data"] = [*ctx.obj["data"], *more_data]
    if enable_update and ctx.obj["store"] is not None and ctx.obj["store"].path is not None:
        raise click.UsageError(
            f"--enable-update: the store at {ctx.obj['store'].path} is served read-only (updates would not be "
            "saved to it); serve --store oxigraph with --data to accept updates in memory"
        )
    graph = _graph(ctx)
    stored = ctx.obj["store"] is not None and ctx.obj["store"].path is not None
    settings = Settings(host=host, port=port, enable_update=enable_update, allow_service=allow_service,
                        timeout=timeout, max_rows=max_rows, max_body=max_body, cors=cors, dataset=not stored,
                        **({"workers": workers} if workers else {}))
    mode = "read-write" if enable_update else "read-only"
    click.echo(f"serving {len(graph)} triples ({mode}) at http://{host}:{port}/ ; SPARQL at /sparql", err=True)
    run(graph, settings)


@cli.command("site")
@_store_option
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True, help="The directory to write.")
@click.option("--base-url", default="https://w3id.org/hrgraph/", show_default=True,
              help="Where the site will be published (VoID names the dumps under it).")
@_progress_option
@click.pass_context
@_reports_errors
def site_command(ctx: click.Context, output: Path, base_url: str, progress: bool | None) -> None:
    """Write the entity pages, ontology page, VoID and dumps as static files for any web host.

    Each entity gets NAME.html, NAME.ttl, NAME.jsonld and NAME.nt; links are relative.
    """
    from hrgraph.site import write_site

    written, unchanged = write_site(_graph(ctx), output, base_url=base_url, ontology=parse_file(ONTOLOGY_FILE),
                                    progress=_walk("writing entity pages") if _shows_progress(progress) else iter)
    click.echo(f"wrote {written} files in {output} ({unchanged} unchanged)", err=True)


def _shows_progress(progress: bool | None) -> bool:
    """--progress, --no-progress, or by default: a bar on a terminal, nothing in a pipe or a log."""
    return sys.stderr.isatty() if progress is None else progress


@contextlib.contextmanager
def _stages(label: str, count: int, shown: bool) -> Iterator[Callable[[], None]]:
    """A bar over the ``count`` stages of one long piece of work (each call of the function it gives
    ends one), drawn on stderr when ``shown``; for work that is not a walk over items."""
    if not shown:
        yield lambda: None
        return
    with click.progressbar(length=count, label=label, file=sys.stderr, show_pos=True) as bar:
        yield lambda: bar.update(1)


def _walk(label: str) -> Callable[[Sequence[T]], Iterable[T]]:
    """A walk over items that draws a bar with a count and an estimate of the time left on stderr."""

    def walk(items: Sequence[T]) -> Iterable[T]:
        with click.progressbar(items, label=label, file=sys.stderr, show_pos=True, show_eta=True) as bar:
            yield from bar

    return walk


def _wikidata_options(command: F) -> F:
    """The options `link wikidata` and `enrich wikidata` share."""
    options = (
        click.option("--endpoint", default="https://query.wikidata.org/sparql", show_default=True,
                     help="A SPARQL endpoint that holds Wikidata's data model."),
        click.option("--dry-run", is_flag=True, help="Print what would change; write nothing (answers are still cached)."),
        click.option("--cache", "cache_dir", type=click.Path(path_type=Path),
                     help="Directory of cached answers [default: ~/.cache/hrgraph/wikidata, or under $XDG_CACHE_HOME]."),
        click.option("--delay", type=click.FloatRange(min=0), default=1.0, show_default=True,
                     help="Seconds to wait between two requests."),
        click.option("--timeout", type=click.FloatRange(min=0.1), default=65.0, show_default=True,
                     help="Seconds before a request is given up."),
        click.option("-o", "--output", type=click.Path(path_type=Path),
                     help="The file of Wikidata facts [default: wikidata.ttl in the data directory: graph/wikidata.ttl, "
                          "or the first --data directory]."),
        _progress_option,
    )
    for option in reversed(options):
        command = option(command)
    return command


def _wikidata_output(ctx: click.Context, output: Path | None) -> Path:
    """--output, else wikidata.ttl beside the data it belongs to (the working copy of graph/ by default)."""
    from hrgraph.wikidata import OUTPUT_NAME

    if output is not None:
        return output
    data: Sequence[Path] = ctx.obj["data"]
    if not data:
        return _working_copy(ctx) / OUTPUT_NAME
    directories = [path for path in data if path.is_dir()]
    if not directories:
        raise click.UsageError("--data names files only: give --output FILE for the Wikidata facts")
    return directories[0] / OUTPUT_NAME


@cli.group("link")
def link_group() -> None:
    """Link the graph's entities to other datasets."""


@link_group.command("wikidata")
@_wikidata_options
@click.pass_context
@_reports_errors
def link_wikidata_command(
    ctx: click.Context, endpoint: str, dry_run: bool, cache_dir: Path | None, delay: float, timeout: float,
    output: Path | None, progress: bool | None,
) -> None:
    """Link cities, countries, organizations and instruments to Wikidata items (schema:sameAs).

    An entity is linked when exactly one item has one of its labels in the same language, a type of
    its kind and, for a city, its country; ambiguous and unmatched entities are listed.
    """
    from hrgraph.wikidata import link_wikidata

    output = _wikidata_output(ctx, output)  # first: it may name the working copy of graph/ as the data
    report = link_wikidata(_graph(ctx, lossless="always"), output=output, endpoint=endpoint,
                           cache_dir=cache_dir, delay=delay, timeout=timeout, dry_run=dry_run,
                           progress=_walk("looking entities up") if _shows_progress(progress) else iter)
    click.echo(report.text())


@link_group.command("geonames")
@click.option("--dry-run", is_flag=True, help="Report what would be linked; write nothing.")
@click.option("--min-population", type=click.Choice(["500", "1000", "5000", "15000"]), default="1000",
              show_default=True, help="The smallest places considered: GeoNames extracts come in these sizes.")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="The file of GeoNames facts [default: geonames.ttl in the data directory].")
@_progress_option
@click.pass_context
@_reports_errors
def link_geonames_command(ctx: click.Context, dry_run: bool, min_population: str, output: Path | None,
                          progress: bool | None) -> None:
    """Place cities and countries with GeoNames, offline: coordinates, population, GeoNames IRIs.

    A place is linked when one GeoNames place of its country has one of its names, or the most
    populous has ten times the inhabitants of the next, or one lies within 25 km of the point a page
    gives it, or in the GeoNames region of the graph's other places of its region; doubtful matches
    are listed, not made.
    """
    from hrgraph.geonames import default_output, link_geonames

    if output is None:
        directories = [p for p in ctx.obj["data"] if p.is_dir()] or [_working_copy(ctx)]
        output = default_output(directories[0])
    report = link_geonames(_graph(ctx, lossless="always"), output=output, dry_run=dry_run,
                           min_population=int(min_population),
                           progress=_walk("matching places") if _shows_progress(progress) else iter)
    click.echo(report.text())


@cli.group("enrich")
def enrich_group() -> None:
    """Add facts from other datasets to linked entities."""


@enrich_group.command("wikidata")
@_wikidata_options
@click.pass_context
@_reports_errors
def enrich_wikidata_command(
    ctx: click.Context, endpoint: str, dry_run: bool, cache_dir: Path | None, delay: float, timeout: float,
    output: Path | None, progress: bool | None,
) -> None:
    """Add coordinates, latest population (with its date) and websites of linked entities from Wikidata.

    Every fact rests on the item's source, with the time it was retrieved.
    """
    from hrgraph.wikidata import enrich_wikidata

    output = _wikidata_output(ctx, output)  # first: it may name the working copy of graph/ as the data
    report = enrich_wikidata(_graph(ctx, lossless="always"), output=output, endpoint=endpoint,
                             cache_dir=cache_dir, delay=delay, timeout=timeout, dry_run=dry_run,
                             progress=_walk("enriching linked entities") if _shows_progress(progress) else iter)
    click.echo(report.text())


@cli.command("ingest")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--dry-run", is_flag=True, help="Print the change (added, changed, conflicting facts); write nothing.")
@click.option("--into", type=click.Path(path_type=Path), help="Write every new statement to this Turtle file.")
@click.option("--encoding", help="The CSV file's encoding when it is not UTF-8 (e.g. cp1252).")
@click.option("--graph-dir", type=click.Path(path_type=Path),
              help="The directory of curated Turtle files to grow [default: HRGRAPH_GRAPH_DIR, else graph/ of "
                   "the clone you are in; never the installed package's].")
@click.option("--wait", type=click.FloatRange(min=0), default=30.0, show_default=True,
              help="Seconds to wait for another ingest to finish before giving up.")
@_progress_option
@click.pass_context
@_reports_errors
def ingest_command(ctx: click.Context, file: Path, dry_run: bool, into: Path | None, encoding: str | None,
                   graph_dir: Path | None, wait: float, progress: bool | None) -> None:
    """Add the facts of a CSV or YAML file (one fact per row, each with its source) to the graph.

    The result is validated against the shapes before anything is written, then written atomically
    in canonical Turtle. A bad row changes nothing (exit 2, every bad row listed); a result that does
    not validate changes nothing either (exit 1, with the validation report).

    \b
    hrgraph ingest members.csv --dry-run
    hrgraph ingest declarations.yaml --into graph/declarations.ttl
    hrgraph ingest old.csv --encoding cp1252
    """
    from hrgraph.curation import IngestValidationError, ingest

    try:
        bars = {"steps": lambda label, items: _walk(label)(items)} if _shows_progress(progress) else {}
        result = ingest(file, graph_dir=graph_dir, into=into, dry_run=dry_run, encoding=encoding, wait=wait, **bars)
    except IngestValidationError as error:
        click.echo(error.report.text())
        click.echo(f"error: {file}: the result does not conform to the shapes; nothing was written", err=True)
        ctx.exit(1)
    click.echo(result.text(), nl=False)


@cli.command("load")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--store", "target", required=True, metavar="oxigraph:PATH", help="The store to build, on disk.")
@click.option("--ontology/--no-ontology", default=True, show_default=True, help="Add the ontology beside FILES.")
@click.option("--force", is_flag=True, help="Rebuild the store at PATH if one is already there.")
@_progress_option
@click.pass_context
@_reports_errors
def load_command(
    ctx: click.Context, files: tuple[Path, ...], target: str, ontology: bool, force: bool, progress: bool | None
) -> None:
    """Build a persistent Oxigraph store from big RDF FILES (or directories), all or nothing.

    Later commands use it with --store oxigraph:PATH, opening it in milliseconds instead of parsing.

    \b
    hrgraph load members.nt graph/ --store oxigraph:kg.oxigraph
    hrgraph query members-of-network --store oxigraph:kg.oxigraph
    """
    spec = StoreSpec.parse(target)
    if spec.path is None:
        raise click.BadParameter("expected oxigraph:PATH, the directory of the store to build", param_hint="--store")
    if ctx.obj["data"]:
        raise click.UsageError("'hrgraph load' takes its files as arguments, not --data")
    show = _shows_progress(progress)
    total = sum(path.stat().st_size for path in _rdf_files(files))
    with click.progressbar(
        length=total, label=f"loading into {spec.path}", file=sys.stderr, show_pos=False, show_percent=True
    ) if show else contextlib.nullcontext() as bar:
        summary = build(
            files, spec.path, ontology=ontology, strict=ctx.obj["strict"], force=force,
            progress=bar.update if bar is not None else None,
        )
    click.echo(summary.text(), err=True)


def _rdf_files(paths: Sequence[Path]) -> list[Path]:
    try:
        return expand(paths)
    except HRGraphError as error:
        raise _Exit(str(error)) from None


def _terminal_width() -> int | None:
    """The width to fit a table to: the terminal's, or $COLUMNS; None (no limit) in a pipe without $COLUMNS."""
    import os
    import shutil

    if sys.stdout.isatty() or os.environ.get("COLUMNS", "").isdigit():
        return shutil.get_terminal_size().columns
    return None


def _split_param(text: str) -> tuple[str, str]:
    name, separator, value = text.partition("=")
    if not separator or not name:
        raise click.BadParameter(f"{text!r}: expected NAME=VALUE", param_hint="--param")
    return name.strip(), value


def _emit(data: bytes, output: Path | None, force: bool) -> None:
    if output is None:
        sys.stdout.buffer.write(data)
        return
    changed = write_atomic(output, data, overwrite=force)
    click.echo(f"{'wrote' if changed else 'unchanged'} {output} ({len(data)} bytes)", err=True)


def main() -> None:
    cli(prog_name="hrgraph")
