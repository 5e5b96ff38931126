// hrgraph view: the page's behaviour. Every piece of data reaches the page through
// element.textContent or an attribute set from code, never as markup, so a label made of
// HTML tags is shown as text and runs nothing.
(function () {
  "use strict";

  var DIM_OPACITY = 0.2;
  var DIM_FONT = "rgba(100, 116, 139, 0.25)";
  var DIM_EDGE = "rgba(203, 213, 225, 0.25)";
  var FONT = "#1f2937";
  var MAX_RESULTS = 8;
  var MAX_RELATIONS = 40;

  var data = JSON.parse(document.getElementById("hrgraph-data").textContent);
  var GROUP = "group:";
  var groups = data.groups || [];
  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var container = document.getElementById("network");
  var status = document.getElementById("status");
  var panel = document.getElementById("panel");
  var tooltip = document.getElementById("tooltip");
  var search = document.getElementById("search");
  var results = document.getElementById("search-results");

  // Created empty so that every listener is in place before the first drawing or layout step.
  var network = new vis.Network(container, {}, data.options);
  var hrgraph = { network: network, nodes: nodes, edges: edges, ready: false, readyAt: null, selected: null, select: select, reset: reset };
  window.hrgraph = hrgraph;

  var kindOf = new Map(data.nodes.map(function (n) { return [n.id, n.kindIri]; }));
  var shownKinds = new Set(data.kinds.map(function (k) { return k.iri; }));
  var dimmed = false;

  function el(tag, text, className) {
    var element = document.createElement(tag);
    if (text !== undefined && text !== null) { element.textContent = String(text); }
    if (className) { element.className = className; }
    return element;
  }

  function summary() {
    if (groups.length) {
      return nodes.length + " entities in " + groups.length + " groups and " + edges.length + " relationships: click a group to open it";
    }
    return nodes.length + " entities, " + edges.length + " relationships";
  }

  // Labels readable at the default zoom: in a view of up to READABLE_NODES entities, labels are
  // drawn LABEL_PX pixels high on screen, however far the view is zoomed out to fit.
  var READABLE_NODES = 150;
  var LABEL_PX = 13;

  // The whole view, or when it opens aggregated its groups (the ungrouped few around them).
  function fitView() {
    var shown = groups.map(function (g) { return GROUP + g.id; }).filter(function (id) { return network.body.nodes[id]; });
    network.fit(shown.length ? { nodes: shown, animation: false } : { animation: false });
    if (shown.length) { network.moveTo({ scale: network.getScale() * 0.85 }); }  // room for the groups' names
  }

  // The groups' names, readable at the zoom that fits the view.
  function labelGroups() {
    var size = Math.min(LABEL_PX / network.getScale(), LABEL_PX * 20);
    groups.forEach(function (g) {  // the drawn node's own options: updateClusteredNode takes 80 ms a group
      var node = network.body.nodes[GROUP + g.id];
      if (node) { node.setOptions({ font: { size: size } }); }
    });
    network.redraw();
  }

  function markReady() {
    if (hrgraph.ready) { return; }
    fitView();
    var scale = network.getScale();
    if (scale > 1.5) { network.moveTo({ scale: 1.5 }); }  // a few nodes: not giant ones
    else { network.moveTo({ scale: scale * 0.92 }); }  // room for the labels of the outermost nodes
    scale = network.getScale();
    if (nodes.length <= READABLE_NODES && scale < 1) {
      network.setOptions({ nodes: { font: { size: Math.min(LABEL_PX / scale, LABEL_PX * 4) } } });
    }
    labelGroups();
    hrgraph.ready = true;
    hrgraph.readyAt = performance.now();
    document.body.setAttribute("data-ready", "true");
    status.textContent = summary();
  }

  if (data.physics) {
    network.on("stabilizationProgress", function (p) {
      status.textContent = "laying out " + summary() + ": " + Math.round(100 * p.iterations / p.total) + "%";
    });
    network.once("stabilizationIterationsDone", function () {
      // A bounded layout, then still: nodes stay where the user drags them.
      network.setOptions({ physics: { enabled: false } });
      network.once("afterDrawing", markReady);
      network.redraw();
    });
  } else {
    network.once("afterDrawing", markReady);
  }
  network.setData({ nodes: nodes, edges: edges });
  if (nodes.length === 0) { markReady(); status.textContent = "nothing to show"; }

  // A large graph opens aggregated: each community one node, sized by its members, opened by a
  // click (vis-network's clustering); "Group again" closes them all.
  var regroup = document.getElementById("regroup");
  function closeGroups() {
    groups.forEach(function (g) {
      if (network.body.nodes[GROUP + g.id]) { return; }
      network.cluster({  // refreshData false: the view is refreshed once, below, not once per group
        joinCondition: function (options) { return options.community === g.id; },
        clusterNodeProperties: {
          id: GROUP + g.id, label: g.label, shape: "dot", color: g.color, x: g.x, y: g.y,
          size: Math.min(12 + 3 * Math.sqrt(g.size), 60), borderWidth: 2, font: { size: 16, color: FONT },
          groupSize: g.size, groupFamily: g.family
        }
      }, false);
    });
    network.body.emitter.emit("_dataChanged");
    regroup.hidden = true;
    if (hrgraph.ready) { fitView(); labelGroups(); }
  }
  function openGroup(id) {
    var members = network.getNodesInCluster(id);
    network.openCluster(id);
    network.fit({ nodes: members, animation: false });  // its members, spread out to be read
    if (network.getScale() > 1.5) { network.moveTo({ scale: 1.5 }); }
    labelGroups();
    regroup.hidden = false;
  }
  function groupOf(id) {
    var path = network.clustering.findNode(id);
    return path.length > 1 ? path[0] : null;
  }
  if (groups.length) {
    closeGroups();
    network.on("zoom", labelGroups);
    regroup.addEventListener("click", function () { reset(); closeGroups(); });
    if (hrgraph.ready) { status.textContent = summary(); }
  }
  hrgraph.openGroup = openGroup;
  hrgraph.groupOf = groupOf;

  // Normalised for search: no case, no accents (Nürnberg = nurnberg), compatibility forms folded.
  function fold(text) {
    return String(text).normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();
  }
  var folded = data.nodes.map(function (n) { return { id: n.id, label: n.label, kind: n.kind, key: fold(n.label) }; });

  function matches(query) {
    var key = fold(query).trim();
    if (!key) { return []; }
    var found = [];
    folded.forEach(function (n) {
      if (!shown(n.id)) { return; }
      var at = n.key.indexOf(key);
      if (at < 0) { return; }
      var rank = at === 0 ? 0 : /[\s\p{P}]/u.test(n.key.charAt(at - 1)) ? 1 : 2;
      found.push({ node: n, rank: rank });
    });
    found.sort(function (a, b) {
      return a.rank - b.rank || a.node.key.length - b.node.key.length || (a.node.key < b.node.key ? -1 : a.node.key > b.node.key ? 1 : 0);
    });
    return found.map(function (f) { return f.node; });
  }

  function showResults(list) {
    results.replaceChildren();
    list.slice(0, MAX_RESULTS).forEach(function (n) {
      var item = el("li");
      var button = el("button");
      button.type = "button";
      button.appendChild(el("span", n.label));
      button.appendChild(el("span", n.kind, "kind"));
      button.addEventListener("click", function () { select(n.id, true); results.hidden = true; });
      item.appendChild(button);
      results.appendChild(item);
    });
    results.hidden = list.length === 0;
  }

  search.addEventListener("input", function () {
    var list = matches(search.value);
    showResults(list);
    if (list.length) {
      select(list[0].id, true);
      status.textContent = list.length + (list.length === 1 ? " match" : " matches");
    } else if (search.value.trim()) {
      status.textContent = "no match among the kinds shown";
    } else {
      status.textContent = summary();
    }
  });
  search.addEventListener("keydown", function (event) {
    if (event.key === "Enter") {
      var list = matches(search.value);
      if (list.length) { select(list[0].id, true); }
      results.hidden = true;
    } else if (event.key === "Escape") {
      results.hidden = true;
    }
  });
  document.addEventListener("click", function (event) {
    if (!results.contains(event.target) && event.target !== search) { results.hidden = true; }
  });

  // Neighbourhood highlight: the node and its neighbours stay opaque, the rest fade. Fading is a
  // global option (opacity, label and edge colours); only the neighbourhood gets options of its
  // own. Each of these changes still makes vis-network go over every node and edge (a click took
  // 2.9 s at 5,000 nodes, 23 s at 20,000), so large graphs (data.fade false) are not faded: the
  // selected node and its relationships are drawn highlighted, as vis-network draws a selection.
  var touched = new Set();  // nodes with their own opacity and label colour
  var EDGE_COLOR = data.options.edges.color.color;
  var EDGE_FONT = data.options.edges.font.color;
  network.setOptions({ edges: { chosen: { label: function (values, id, selected) { if (selected) { values.color = FONT; } } } } });

  function fade(on) {
    network.setOptions({
      nodes: { opacity: on ? DIM_OPACITY : 1, font: { color: on ? DIM_FONT : FONT } },
      edges: { color: { color: on ? DIM_EDGE : EDGE_COLOR }, font: { color: on ? DIM_FONT : EDGE_FONT } }
    });
  }

  function highlight(id) {
    var keep = new Set(network.getConnectedNodes(id));
    keep.add(id);
    var changes = [];
    touched.forEach(function (n) {
      if (!keep.has(n)) { changes.push({ id: n, opacity: DIM_OPACITY, font: { color: DIM_FONT } }); }
    });
    keep.forEach(function (n) {
      touched.add(n);
      changes.push({ id: n, opacity: 1, font: { color: FONT } });
    });
    if (!dimmed) { fade(true); }
    nodes.update(changes);
    dimmed = true;
  }

  function undim() {
    if (!dimmed) { return; }
    nodes.update(Array.from(touched, function (n) { return { id: n, opacity: 1, font: { color: FONT } }; }));
    fade(false);
    dimmed = false;
  }

  function select(id, focus) {
    if (nodes.get(id) === null) { return; }
    var group = groupOf(id);
    if (group !== null) { openGroup(group); }
    hrgraph.selected = id;
    if (data.fade) { highlight(id); }
    network.selectNodes([id]);
    if (focus) { network.focus(id, { scale: Math.max(network.getScale(), 1), animation: false }); }
    showNode(id);
  }

  function reset() {
    hrgraph.selected = null;
    undim();
    network.setSelection({ nodes: [], edges: [] });  // unselectAll() also redraws at once: 0.7 s at 20,000 nodes
    panel.replaceChildren(el("p", "Click an entity or a relationship to see what the graph says about it and on what sources.", "hint"));
    panel.removeAttribute("data-node");
  }

  function facts(list) {
    var dl = el("dl");
    list.forEach(function (pair) {
      if (pair[1] === undefined || pair[1] === null || pair[1] === "") { return; }
      dl.appendChild(el("dt", pair[0]));
      var dd = el("dd", pair[1], pair[2]);
      dl.appendChild(dd);
    });
    return dl;
  }

  function sourceList(sources) {
    var ul = el("ul", null, "sources");
    sources.forEach(function (s) { ul.appendChild(el("li", s)); });
    return ul;
  }

  function showNode(id) {
    var node = nodes.get(id);
    var connected = edges.get(network.getConnectedEdges(id));
    var sources = new Set(node.sources || []);
    connected.forEach(function (e) { (e.sources || []).forEach(function (s) { sources.add(s); }); });
    panel.replaceChildren();
    panel.setAttribute("data-node", id);
    panel.appendChild(el("h2", node.label, "label"));
    panel.appendChild(facts([["kind", node.kind, "kind"], ["date", node.date, "date"], ["IRI", node.iri, "iri"],
      ["relationships", String(connected.length)]]));
    if (connected.length) {
      panel.appendChild(el("h3", "Relationships"));
      var ul = el("ul", null, "relations");
      connected.slice(0, MAX_RELATIONS).forEach(function (e) {
        var outgoing = e.from === id;
        var other = nodes.get(outgoing ? e.to : e.from);
        // "→ South Korea (country)": this entity's relationship; "← Gwangju Uprising (location)": another's to it.
        var about = [e.relation];
        if (e.date && other.label.indexOf(e.date) < 0) { about.push(e.date); }
        ul.appendChild(el("li", (outgoing ? "→ " : "← ") + other.label + " (" + about.join(", ") + ")"));
      });
      if (connected.length > MAX_RELATIONS) { ul.appendChild(el("li", "… and " + (connected.length - MAX_RELATIONS) + " more")); }
      panel.appendChild(ul);
    }
    panel.appendChild(el("h3", "Sources"));
    if (sources.size) {
      panel.appendChild(sourceList(Array.from(sources).sort()));
    } else {
      panel.appendChild(el("p", "no source recorded", "hint"));
    }
  }

  function showEdge(id) {
    var edge = edges.get(id);
    var from = nodes.get(edge.from);
    var to = nodes.get(edge.to);
    hrgraph.selected = null;
    panel.replaceChildren();
    panel.removeAttribute("data-node");
    panel.appendChild(el("h2", edge.relation, "label"));
    panel.appendChild(facts([["from", from.label], ["to", to.label], ["role", edge.role], ["date", edge.date, "date"]]));
    panel.appendChild(el("h3", "Sources"));
    if ((edge.sources || []).length) {
      panel.appendChild(sourceList(edge.sources));
    } else {
      panel.appendChild(el("p", "no source recorded for this relationship itself", "hint"));
    }
  }

  network.on("click", function (params) {
    if (params.nodes.length && network.isCluster(params.nodes[0])) {
      openGroup(params.nodes[0]);
    } else if (params.nodes.length) {
      select(params.nodes[0], false);
    } else if (params.edges.length) {
      undim();
      showEdge(params.edges[0]);
    } else {
      reset();
    }
  });

  // Tooltips: our own element, filled with textContent (vis's own title popups are not used).
  function place(pointer) {
    var box = container.getBoundingClientRect();
    tooltip.style.left = Math.min(box.left + pointer.x + 14, window.innerWidth - 300) + "px";
    tooltip.style.top = (box.top + pointer.y + 14) + "px";
  }
  function showTooltip(lines, pointer) {
    tooltip.replaceChildren();
    lines.forEach(function (line, i) {
      if (line) { tooltip.appendChild(el(i === 0 ? "strong" : "span", line)); }
    });
    place(pointer);
    tooltip.hidden = false;
  }
  network.on("hoverNode", function (params) {
    if (network.isCluster(params.node)) {
      var options = network.body.nodes[params.node].options;
      showTooltip([options.label, options.groupSize + " entities, mostly " + options.groupFamily, "click to open"], params.pointer.DOM);
      return;
    }
    var node = nodes.get(params.node);
    var count = (node.sources || []).length;
    showTooltip([node.label, node.kind + (node.family ? " · " + node.family : ""), node.date, count ? count + (count === 1 ? " source" : " sources") : ""], params.pointer.DOM);
  });
  network.on("hoverEdge", function (params) {
    var edge = edges.get(params.edge);
    showTooltip([edge.relation, nodes.get(edge.from).label + " → " + nodes.get(edge.to).label, edge.date], params.pointer.DOM);
  });
  ["blurNode", "blurEdge", "dragStart", "zoom"].forEach(function (name) {
    network.on(name, function () { tooltip.hidden = true; });
  });

  // As of a year: what is dated later is hidden (an entity whose every dated relationship is later
  // too), what is undated stays; "Replay" steps through the years, as the explorer's map does.
  function yearOf(date) {
    var year = parseInt(String(date || "").slice(0, 4), 10);
    return isNaN(year) ? null : year;
  }
  var asOf = null;
  var nodeYear = new Map(), datedEdges = new Map(), edgeYear = new Map();
  data.nodes.forEach(function (n) { nodeYear.set(n.id, yearOf(n.date)); });
  data.edges.forEach(function (e) {
    var year = yearOf(e.date);
    edgeYear.set(e.id, year);
    if (year === null) { return; }
    [e.from, e.to].forEach(function (end) {
      if (!datedEdges.has(end)) { datedEdges.set(end, []); }
      datedEdges.get(end).push(year);
    });
  });
  function inTime(id) {
    if (asOf === null) { return true; }
    var own = nodeYear.get(id);
    if (own !== null && own > asOf) { return false; }
    var years = datedEdges.get(id);
    return !years || years.some(function (y) { return y <= asOf; });
  }
  function shown(id) { return shownKinds.has(kindOf.get(id)) && inTime(id); }
  hrgraph.shown = shown;
  var years = Array.from(nodeYear.values()).concat(Array.from(edgeYear.values())).filter(function (y) { return y !== null; });
  var timeControls = document.getElementById("as-of");
  if (years.length) {
    var first = Math.min.apply(null, years), last = Math.max.apply(null, years);
    var slider = document.getElementById("as-of-year");
    var shownYear = document.getElementById("as-of-value");
    var replay = document.getElementById("as-of-replay");
    slider.min = String(first);
    slider.max = String(last + 1);  // the last step: every year, undated too
    slider.value = slider.max;
    timeControls.hidden = false;
    var setYear = function (value) {
      asOf = value > last ? null : value;
      slider.value = String(value);
      shownYear.textContent = asOf === null ? "all years" : String(asOf);
      nodes.update(data.nodes.map(function (n) { return { id: n.id, hidden: !shown(n.id) }; }));
      edges.update(data.edges.map(function (e) {
        return { id: e.id, hidden: asOf !== null && edgeYear.get(e.id) !== null && edgeYear.get(e.id) > asOf };
      }));
      if (hrgraph.selected !== null && !shown(hrgraph.selected)) { reset(); }
    };
    slider.addEventListener("input", function () { setYear(Number(slider.value)); });
    var timer = null;
    replay.addEventListener("click", function () {
      if (timer !== null) { clearInterval(timer); timer = null; replay.textContent = "Replay growth"; return; }
      var year = first;
      replay.textContent = "Stop";
      setYear(year);
      timer = setInterval(function () {
        year += 1;
        setYear(year);
        if (year > last) { clearInterval(timer); timer = null; replay.textContent = "Replay growth"; }
      }, 400);
    });
    hrgraph.setYear = setYear;
  }

  // The legend is also the filter: one checkbox per kind present, with its colour and shape.
  var SVG = "http://www.w3.org/2000/svg";
  var SHAPES = {
    dot: function () { return shape("circle", { cx: 8, cy: 8, r: 6 }); },
    square: function () { return shape("rect", { x: 2, y: 2, width: 12, height: 12 }); },
    diamond: function () { return shape("polygon", { points: "8,1 15,8 8,15 1,8" }); },
    triangle: function () { return shape("polygon", { points: "8,1 15,14 1,14" }); },
    triangleDown: function () { return shape("polygon", { points: "1,2 15,2 8,15" }); },
    hexagon: function () { return shape("polygon", { points: "4,2 12,2 15.5,8 12,14 4,14 0.5,8" }); },
    star: function () { return shape("polygon", { points: "8,0.5 10,6 15.5,6 11,9.5 12.7,15 8,11.7 3.3,15 5,9.5 0.5,6 6,6" }); }
  };
  function shape(tag, attributes) {
    var element = document.createElementNS(SVG, tag);
    Object.keys(attributes).forEach(function (name) { element.setAttribute(name, String(attributes[name])); });
    return element;
  }
  function swatch(kind) {
    var svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("width", "16");
    svg.setAttribute("height", "16");
    svg.setAttribute("viewBox", "0 0 16 16");
    svg.setAttribute("aria-hidden", "true");
    var mark = (SHAPES[kind.shape] || SHAPES.dot)();
    mark.setAttribute("fill", kind.color);
    mark.setAttribute("stroke", "#334155");
    mark.setAttribute("stroke-width", "0.6");
    svg.appendChild(mark);
    return svg;
  }
  var filters = document.getElementById("filters");
  var family = null;
  var familyBoxes = {};
  data.kinds.forEach(function (kind) {
    if (kind.family !== family) {  // a heading per family: its colour, its name, a box for all its kinds
      family = kind.family;
      var members = data.kinds.filter(function (k) { return k.family === family; });
      var heading = el("label", null, "family");
      var all = el("input");
      all.type = "checkbox";
      all.checked = true;
      all.setAttribute("data-family", family);
      familyBoxes[family] = [];
      var boxes = familyBoxes[family];
      all.addEventListener("change", function () {
        boxes.forEach(function (box) {
          if (box.checked !== all.checked) { box.checked = all.checked; box.dispatchEvent(new Event("change")); }
        });
      });
      heading.appendChild(all);
      heading.appendChild(swatch({ shape: "dot", color: kind.color }));
      heading.appendChild(el("span", family, "kind"));
      heading.appendChild(el("span", String(members.reduce(function (n, k) { return n + k.count; }, 0)), "count"));
      filters.appendChild(heading);
    }
    var label = el("label");
    var box = el("input");
    box.type = "checkbox";
    box.checked = true;
    box.setAttribute("data-kind", kind.iri);
    box.addEventListener("change", function () {
      if (box.checked) { shownKinds.add(kind.iri); } else { shownKinds.delete(kind.iri); }
      var ids = data.nodes.filter(function (n) { return n.kindIri === kind.iri; }).map(function (n) { return n.id; });
      nodes.update(ids.map(function (n) { return { id: n, hidden: !shown(n) }; }));
      if (hrgraph.selected !== null && !box.checked && ids.indexOf(hrgraph.selected) >= 0) { reset(); }
    });
    familyBoxes[family].push(box);
    label.className = "fine";
    label.appendChild(box);
    label.appendChild(swatch(kind));
    label.appendChild(el("span", kind.label, "kind"));
    label.appendChild(el("span", String(kind.count), "count"));
    filters.appendChild(label);
  });
})();
