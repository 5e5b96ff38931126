"""``hrgraph site -o DIR``: static pages and data that any web host can publish.

Every entity has its page, Turtle, JSON-LD and N-Triples; every relative link and script source of
every page resolves to a file of the site; every data file parses and holds exactly the entity's
triples; a second run rewrites nothing; the pages ask nothing of any other host.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from click.testing import CliRunner
from rdflib import RDF, Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import VOID

from hrgraph.cli import cli
from hrgraph.explorer.data import KINDS
from hrgraph.pages import entity_pages, local_path
from hrgraph.paths import ONTOLOGY_FILE
from hrgraph.rdf.files import parse_file
from hrgraph.site import write_site

pytestmark = pytest.mark.filterwarnings("ignore:.*(ConjunctiveGraph|Dataset).*:DeprecationWarning")  # rdflib's JSON-LD/TriG
LINK = re.compile(r'(?:href|src)="([^"]*)"')
TAG = re.compile(r"<[a-z]+\b[^>]*>")
REL = re.compile(r'\brel="([^"]*)"')


@pytest.fixture(scope="module")
def site(kg: Graph, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("site")
    result = CliRunner().invoke(cli, ["site", "-o", str(folder), "--base-url", "https://example.org/hrgraph/"])
    assert result.exit_code == 0, result.output
    assert "wrote" in result.output
    return folder


def entity_triples(graph: Graph, iri: URIRef) -> Graph:
    data = Graph()
    for triple in graph.triples((iri, None, None)):
        data.add(triple)
    for triple in graph.triples((None, None, iri)):
        data.add(triple)
    return data


def test_every_entity_has_its_files(kg: Graph, site: Path) -> None:
    for name in ("index.html", "ontology.html", "void.ttl", ".well-known/void", "static/site.css",
                 "static/vis-network.min.js", "static/view.js", "dump.ttl", "dump.nt", "dump.jsonld", "dump.rdf",
                 "dump.trig"):
        assert (site / name).is_file(), name
    entities = entity_pages(kg)
    assert len(entities) > 50
    for iri in entities:
        path = local_path(iri)
        for suffix in ("html", "ttl", "jsonld", "nt"):
            assert (site / f"{path}.{suffix}").is_file(), f"{path}.{suffix}"


def test_relative_links_resolve_to_files(site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    checked = 0
    for page in pages:
        text = page.read_text("utf-8")
        for tag, raw in ((found, raw) for found in TAG.findall(text) for raw in LINK.findall(found)):
            target = html.unescape(raw)
            if target.startswith(("https://", "http://")):  # each link to another site, on its own tag
                rel = REL.search(tag)
                assert rel and {"noopener", "noreferrer"} <= set(rel[1].split()), (page, tag)
                continue
            assert not target.startswith(("//", "/")), (page, target)  # relative only
            if target.startswith(("#", "data:")):
                continue
            path = unquote(urlsplit(target).path)
            assert (page.parent / path).resolve().is_file(), f"{page.relative_to(site)} -> {target}"
            checked += 1
    assert checked > len(pages)
    for page in pages:  # nothing is loaded from another host
        assert not re.search(r'(?:src|<link[^>]*href)="https?://', page.read_text("utf-8")), page


def test_data_files_parse_and_match_the_entity(kg: Graph, site: Path) -> None:
    for iri in entity_pages(kg):
        path = local_path(iri)
        expected = entity_triples(kg, iri)
        for suffix, fmt in (("ttl", "turtle"), ("jsonld", "json-ld"), ("nt", "nt")):
            parsed = Graph().parse(site / f"{path}.{suffix}", format=fmt)
            assert isomorphic(parsed, expected), f"{path}.{suffix}"


def test_entity_page_and_its_view(kg: Graph, site: Path) -> None:
    page = (site / "city/rosario.html").read_text("utf-8")
    assert "<h1 id=\"label\">Rosario</h1>" in page
    assert 'href="../country/argentina.html"' in page
    assert 'src="../view/city/rosario.html"' in page
    view = (site / "view/city/rosario.html").read_text("utf-8")
    assert 'src="../../static/vis-network.min.js"' in view and "Argentina" in view


def test_void_and_dumps(kg: Graph, site: Path) -> None:
    void = Graph().parse(site / "void.ttl", format="turtle")
    dataset = void.value(predicate=RDF.type, object=VOID.Dataset)
    assert void.value(dataset, VOID.triples).toPython() == len(kg)
    assert void.value(dataset, VOID.sparqlEndpoint) is None  # a static site has none
    dumps = {str(d) for d in void.objects(dataset, VOID.dataDump)}
    assert "https://example.org/hrgraph/dump.ttl" in dumps
    for dump in dumps:
        assert (site / dump.rsplit("/", 1)[-1]).is_file()
    assert len(Graph().parse(site / "dump.ttl", format="turtle")) == len(kg)
    assert (site / ".well-known/void").read_bytes() == (site / "void.ttl").read_bytes()


def test_second_run_rewrites_nothing(kg: Graph, site: Path) -> None:
    written, unchanged = write_site(kg, site, base_url="https://example.org/hrgraph/", ontology=parse_file(ONTOLOGY_FILE))
    assert written == 0 and unchanged > 0


def test_site_links_every_entity_from_an_index_page(kg: Graph, site: Path) -> None:
    home = (site / "index.html").read_text("utf-8")
    indexes = "".join((site / f"{spec['page']}.html").read_text("utf-8") for spec in KINDS.values())
    for iri in entity_pages(kg):
        assert f'href="{local_path(iri)}.html"' in indexes, iri
    for spec in KINDS.values():
        assert f'href="{spec["page"]}.html"' in home


SMALL = """@prefix hrg: <https://w3id.org/hrgraph/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://w3id.org/hrgraph/city/a> a hrg:City ; rdfs:label "A"@en .
<https://w3id.org/hrgraph/city/b> a hrg:City ; rdfs:label "B"@en .
<https://w3id.org/hrgraph/city/c> a hrg:City ; rdfs:label "C"@en .
"""


def test_long_work_shows_progress_on_a_terminal_and_nothing_in_a_pipe(tmp_path: Path) -> None:
    """`site` draws a bar with a count on a terminal's stderr; piped, it prints its summary only."""
    import os
    import pty
    import subprocess
    import sys

    (tmp_path / "small.ttl").write_text(SMALL, encoding="utf-8")
    command = [sys.executable, "-m", "hrgraph", "--data", "small.ttl", "site", "-o"]
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    piped = subprocess.run([*command, "piped"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert piped.returncode == 0 and piped.stderr.splitlines()[-1].startswith("wrote ")
    assert "writing entity pages" not in piped.stderr
    forced = subprocess.run([*command, "forced", "--progress"], cwd=tmp_path, env=env, capture_output=True, text=True,
                            timeout=120)
    assert forced.returncode == 0 and "writing entity pages" in forced.stderr

    leader, follower = pty.openpty()
    with subprocess.Popen([*command, "terminal"], cwd=tmp_path, env=env, stdout=subprocess.DEVNULL,
                          stderr=follower) as process:
        os.close(follower)
        seen = b""
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:  # the process closed the terminal
                break
            if not chunk:
                break
            seen += chunk
        assert process.wait(timeout=120) == 0
    os.close(leader)
    text = seen.decode("utf-8", "replace")
    assert "writing entity pages" in text and "3/3" in text
    assert "wrote " in text
