"""The layers of ARCHITECTURE.md, checked on the import graph (grimp reads every import
statement, those inside functions too): a module imports only from its own layer or lower
ones, and no two modules import each other, however indirectly."""

import graphlib

import grimp
import pytest

PACKAGES = ("incubateur", "programmes", "intrapreneurs", "investigations", "knowledge", "reports")
TOP_LEVEL = (*PACKAGES, "demo")

# The configuration package's modules wire every layer together (settings, URLs, the Celery
# app, the site-wide pages and the navigation): they are outside the layers.
CONFIGURATION = {
    "incubateur",
    "incubateur.settings",
    "incubateur.urls",
    "incubateur.celery",
    "incubateur.wsgi",
    "incubateur.asgi",
    "incubateur.views",
    "incubateur.context_processors",
}
# A module is on the interface layer when one of these names is in its path.
INTERFACE_PARTS = {"views", "urls", "forms", "admin", "templatetags", "management"}
# Bottom to top.
LAYERS = (
    "groundwork",  # incubateur.*: knows no domain app
    "programmes",
    "intrapreneurs",
    "investigations",
    "knowledge",
    "reports",
    "interface",  # every package's views, urls, forms, admin, template tags, commands
    "demo",  # the only package that may import everything
)


def layer_of(module: str) -> str | None:
    if module in CONFIGURATION:
        return None
    package, *parts = module.split(".")
    if package == "demo":
        return "demo"
    if INTERFACE_PARTS.intersection(parts):
        return "interface"
    if package == "incubateur":
        return "groundwork"
    return package


def upward_imports(graph) -> list[str]:
    upward = []
    for importer in sorted(graph.modules):
        importer_layer = layer_of(importer)
        if importer_layer is None:
            continue
        for imported in sorted(graph.find_modules_directly_imported_by(importer)):
            imported_layer = layer_of(imported)
            if imported_layer and LAYERS.index(imported_layer) > LAYERS.index(importer_layer):
                upward.append(f"{importer} ({importer_layer}) -> {imported} ({imported_layer})")
    return upward


def import_cycle(graph) -> list[str]:
    sorter = graphlib.TopologicalSorter(
        {module: graph.find_modules_directly_imported_by(module) for module in graph.modules}
    )
    try:
        sorter.prepare()
    except graphlib.CycleError as error:
        return list(error.args[1])
    return []


@pytest.fixture(scope="module")
def graph():
    return grimp.build_graph(*TOP_LEVEL, include_external_packages=False)


def test_every_module_has_a_layer_or_is_configuration(graph):
    assert {layer_of(module) for module in graph.modules} - {None} <= set(LAYERS)


def test_no_module_imports_from_a_higher_layer(graph):
    assert upward_imports(graph) == []


def test_no_import_cycle_between_modules(graph):
    assert import_cycle(graph) == []


def test_the_checks_see_an_upward_import_and_a_cycle():
    graph = grimp.ImportGraph()
    graph.add_import(importer="programmes.views", imported="reports.figures")
    graph.add_import(importer="reports.figures", imported="investigations.models")
    graph.add_import(importer="incubateur.text", imported="incubateur.settings")
    assert upward_imports(graph) == []
    assert import_cycle(graph) == []

    graph.add_import(importer="incubateur.notifications.digest", imported="investigations.models")
    graph.add_import(importer="investigations.models", imported="knowledge.search")
    assert upward_imports(graph) == [
        "incubateur.notifications.digest (groundwork) -> investigations.models (investigations)",
        "investigations.models (investigations) -> knowledge.search (knowledge)",
    ]

    graph.add_import(importer="reports.tasks", imported="reports.services")
    graph.add_import(importer="reports.services", imported="reports.tasks")
    assert set(import_cycle(graph)) == {"reports.tasks", "reports.services"}
