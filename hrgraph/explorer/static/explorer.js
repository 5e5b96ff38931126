/* hrgraph explorer: the home page's map and timeline, and the faceted search page.
 * Reads window.hrgraphData (explorer/data.js) and window.hrgraphWorld (Natural Earth outlines).
 * Every label becomes text (textContent), never markup. Nothing is fetched from another host. */
(function () {
  "use strict";

  var api = window.hrgraphExplorer = { ready: false };

  /* Leaflet takes a tooltip's string as HTML: labels go in as text nodes. */
  function textNode(text) {
    var span = document.createElement("span");
    span.textContent = text;
    return span;
  }

  /* Country outlines as GeoJSON, drawable on a flat map: rings cut at the antimeridian (Russia, Fiji)
   * are moved east of it instead of drawn across the world; Antarctica is left out. */
  function countries() {
    var world = topojson.feature(hrgraphWorld, hrgraphWorld.objects.countries);
    function unwrap(ring) {
      var lons = ring.map(function (p) { return p[0]; });
      if (Math.max.apply(null, lons) - Math.min.apply(null, lons) <= 180) return ring;
      return ring.map(function (p) { return p[0] < 0 ? [p[0] + 360, p[1]] : p; });
    }
    world.features = world.features.filter(function (f) { return f.properties.name !== "Antarctica"; });
    world.features.forEach(function (f) {
      var g = f.geometry;
      if (g.type === "Polygon") g.coordinates = g.coordinates.map(unwrap);
      if (g.type === "MultiPolygon") g.coordinates = g.coordinates.map(function (poly) { return poly.map(unwrap); });
    });
    return world;
  }

  /* A Leaflet map of the world's country outlines (no tile server). */
  function worldMap(holder) {
    var map = L.map(holder, { worldCopyJump: true, minZoom: 1, maxZoom: 10, zoomSnap: 0.5 });
    map.attributionControl.setPrefix("Leaflet");
    map.attributionControl.addAttribution("Country outlines: Natural Earth");
    L.geoJSON(countries(), {
      style: { color: "#94a3b8", weight: 0.6, fillColor: "#e2e8f0", fillOpacity: 1 }, interactive: false
    }).addTo(map);
    return map;
  }

  function placeMarker(lat, long) {
    return L.circleMarker([lat, long], { className: "hrg-marker", radius: 7, color: "#111827", weight: 1.5, fillColor: "#2a788e", fillOpacity: 0.95 });
  }

  // An entity page's small map: the place, marked, in its part of the world.
  var placeMap = document.getElementById("entity-map");
  if (placeMap) {
    var lat = Number(placeMap.getAttribute("data-lat")), long = Number(placeMap.getAttribute("data-long"));
    placeMarker(lat, long).bindTooltip(textNode(placeMap.getAttribute("data-label") || "")).addTo(worldMap(placeMap).setView([lat, long], 4));
    api.ready = true;
  }

  // A query answer's map: every place it names that has coordinates; a click opens the place's page.
  var answerMap = document.getElementById("answer-map");
  if (answerMap) {
    var places = JSON.parse(document.getElementById("answer-places").textContent);
    var map = worldMap(answerMap);
    var points = places.map(function (p) { return [p.lat, p.long]; });
    if (points.length === 1) map.setView(points[0], 4);  // a view first: markers are drawn in it
    else map.fitBounds(points, { padding: [24, 24], maxZoom: 5 });
    places.forEach(function (p) {
      placeMarker(p.lat, p.long).bindTooltip(textNode(p.label))
        .on("click", function () { window.location.href = p.href; }).addTo(map);
    });
    api.ready = true;
  }

  var root = document.getElementById("explorer");
  if (!root || !window.hrgraphData) return;

  var data = window.hrgraphData;
  var linkRoot = root.getAttribute("data-root") || "";
  var linkExt = root.getAttribute("data-ext") || "";
  var CATEGORIES = data.categories.map(function (p) { return p[0]; });
  var categoryTitle = {}, commitmentTitle = {}, kindTitle = {};
  data.categories.forEach(function (p) { categoryTitle[p[0]] = p[1]; });
  data.commitments.forEach(function (p) { commitmentTitle[p[0]] = p[1]; });
  data.kinds.forEach(function (p) { kindTitle[p[0]] = p[1]; });
  var byId = {};
  data.entities.forEach(function (e) { byId[e.id] = e; });

  var CATEGORY_COLOURS = { designation: "#0072B2", adoption: "#E69F00", membership: "#009E73", event: "#CC79A7" };
  var VIRIDIS = ["#440154", "#414487", "#2a788e", "#22a884", "#7ad151", "#fde725"];

  // Helpers ------------------------------------------------------------------------------------

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") node.textContent = attrs[k];
      else if (k === "class") node.className = attrs[k];
      else node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c != null) node.appendChild(typeof c === "string" ? document.createTextNode(c) : c); });
    return node;
  }
  function svg(tag, attrs) {
    var node = document.createElementNS("http://www.w3.org/2000/svg", tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    return node;
  }
  function href(id) { return linkRoot + id.split("/").map(encodeURIComponent).join("/") + linkExt; }
  function page(name) { return linkRoot + name + linkExt; }
  function label(id) { return byId[id] ? byId[id].label : id; }
  function link(id) { return byId[id] ? el("a", { href: href(id), text: label(id) }) : document.createTextNode(id); }
  function fold(text) { return String(text).normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase(); }
  function yearColour(year, lo, hi) {
    if (year == null) return "#9ca3af";
    var t = hi > lo ? (year - lo) / (hi - lo) : 1;
    return VIRIDIS[Math.min(VIRIDIS.length - 1, Math.round(t * (VIRIDIS.length - 1)))];
  }
  function range(fact) { return fact.first === fact.last ? String(fact.first) : fact.first + "–" + fact.last; }

  // Timeline -----------------------------------------------------------------------------------

  /* Per year and category, the distinct entities counted (each fact once, at its first year). */
  function yearCounts(facts) {
    var years = {};
    facts.forEach(function (f) {
      if (f.first == null) return;
      var y = years[f.first] = years[f.first] || {};
      (y[f.category] = y[f.category] || {})[f.counted] = true;
    });
    var counts = {};
    Object.keys(years).forEach(function (y) {
      counts[y] = {};
      CATEGORIES.forEach(function (c) { counts[y][c] = Object.keys(years[y][c] || {}).length; });
    });
    return counts;
  }

  function drawTimeline(block, facts) {
    block.textContent = "";
    var counts = yearCounts(facts);
    var years = Object.keys(counts).map(Number).sort(function (a, b) { return a - b; });
    var undated = facts.filter(function (f) { return f.first == null; }).length;
    var legend = el("p", { class: "legend" });
    CATEGORIES.forEach(function (c) {
      legend.appendChild(el("span", { class: "key" }, [el("span", { class: "swatch", style: "background:" + CATEGORY_COLOURS[c] }), categoryTitle[c]]));
    });
    block.appendChild(legend);
    if (!years.length) {
      block.appendChild(el("p", { class: "empty", text: "No dated facts in this set." }));
      block.appendChild(el("p", { class: "hint timeline-summary", text: undated + " facts without a date." }));
      return;
    }
    var lo = years[0], hi = years[years.length - 1], n = hi - lo + 1;
    var cats = CATEGORIES;
    var max = 1;  // the bars are stacked: the highest year's total
    years.forEach(function (y) { max = Math.max(max, cats.reduce(function (sum, c) { return sum + counts[y][c]; }, 0)); });
    var conflicting = facts.filter(function (f) { return f.first != null && f.last !== f.first; });
    var W = Math.max(640, Math.min(1100, block.clientWidth || 900)), left = 36, right = 10, top = 10, H = 180;
    var lane = 12, rangesH = conflicting.length ? conflicting.length * lane + 30 : 0;
    var totalH = top + H + 24 + rangesH;
    var step = (W - left - right) / n, barW = Math.max(1, Math.min(step - 1, 28));
    var chart = svg("svg", { viewBox: "0 0 " + W + " " + totalH, class: "timeline-chart", role: "img",
      "aria-label": "Facts per year, " + lo + " to " + hi });
    var yOf = function (v) { return top + H - (v / max) * H; };
    var tickStep = Math.max(1, Math.ceil(max / 4));
    max = Math.ceil(max / tickStep) * tickStep;
    for (var v = 0; v <= max; v += tickStep) {
      chart.appendChild(svg("line", { x1: left, x2: W - right, y1: yOf(v), y2: yOf(v), class: "grid" }));
      var tl = svg("text", { x: left - 4, y: yOf(v) + 4, class: "tick", "text-anchor": "end" });
      tl.textContent = v; chart.appendChild(tl);
    }
    var labelEvery = n > 60 ? 10 : n > 25 ? 5 : n > 10 ? 2 : 1;
    for (var y = lo; y <= hi; y++) {
      var x0 = left + (y - lo) * step;
      if ((y - lo) % labelEvery === 0 || y === hi && n < 4) {
        var xl = svg("text", { x: x0 + step / 2, y: top + H + 14, class: "tick", "text-anchor": "middle" });
        xl.textContent = y; chart.appendChild(xl);
      }
      var c = counts[y] || {};
      var below = 0, words = [];
      cats.forEach(function (cat) {
        if (!c[cat]) return;
        chart.appendChild(svg("rect", { x: x0 + (step - barW) / 2, y: yOf(below + c[cat]), width: barW,
          height: yOf(below) - yOf(below + c[cat]), fill: CATEGORY_COLOURS[cat], class: "bar",
          "data-year": y, "data-category": cat, "data-count": c[cat] }));
        below += c[cat];
        words.push(c[cat] + " " + cat + (c[cat] === 1 ? "" : "s"));
      });
      var hit = svg("rect", { x: x0, y: top, width: step, height: H, class: "year-hit", "data-year": y, tabindex: "0" });
      var hitTip = svg("title");
      hitTip.textContent = y + ": " + (words.join(", ") || "no fact first dated this year") + "; click to list the facts";
      hit.appendChild(hitTip);
      chart.appendChild(hit);
    }
    if (conflicting.length) {
      var head = svg("text", { x: left, y: top + H + 38, class: "tick" });
      head.textContent = "Facts whose sources give different years (drawn as a range, counted once at the first):";
      chart.appendChild(head);
      conflicting.forEach(function (f, i) {
        var yy = top + H + 52 + i * lane;
        var x1 = left + (f.first - lo) * step + step / 2, x2 = left + (f.last - lo) * step + step / 2;
        var line = svg("line", { x1: x1, x2: x2, y1: yy, y2: yy, stroke: CATEGORY_COLOURS[f.category], class: "range",
          "data-counted": f.counted, "data-first": f.first, "data-last": f.last });
        var tip = svg("title"); tip.textContent = label(f.counted) + ": " + categoryTitle[f.category] + ", " + range(f);
        line.appendChild(tip); chart.appendChild(line);
        [x1, x2].forEach(function (x) { chart.appendChild(svg("circle", { cx: x, cy: yy, r: 2.5, fill: CATEGORY_COLOURS[f.category] })); });
        var before = x2 > W * 0.6;  // late ranges are named on their left, so that the name stays in the chart
        var name = svg("text", { x: before ? x1 - 6 : x2 + 6, y: yy + 3, class: "range-label", "text-anchor": before ? "end" : "start" });
        name.textContent = label(f.counted) + (f.object && f.object !== f.counted ? ", " + label(f.object) : "") + " " + range(f);
        chart.appendChild(name);
      });
    }
    block.appendChild(el("div", { class: "chart-wrap" }, [chart]));
    var dated = facts.length - undated;
    block.appendChild(el("p", { class: "hint timeline-summary", text: dated + " dated facts from " + lo + " to " + hi +
      "; each bar stacks, per kind of fact, the distinct cities (or other adopters, members, events) of that year, " +
      "each fact counted once, at its first year. " + undated +
      " facts have no date and are not drawn. Click a year to list its facts and their sources." }));
    var details = el("div", { class: "year-facts", "aria-live": "polite" });
    block.appendChild(details);
    chart.addEventListener("click", function (event) {
      var year = event.target.getAttribute && event.target.getAttribute("data-year");
      if (year) showYear(details, facts, Number(year));
    });
    chart.addEventListener("keydown", function (event) {
      var year = event.target.getAttribute && event.target.getAttribute("data-year");
      if (year && (event.key === "Enter" || event.key === " ")) { event.preventDefault(); showYear(details, facts, Number(year)); }
    });
  }

  /* The facts first dated in ``year`` (those the bars count), then those another source dates so. */
  function showYear(box, facts, year) {
    box.textContent = "";
    var counted = facts.filter(function (f) { return f.first === year; });
    var also = facts.filter(function (f) { return f.first !== year && f.years.indexOf(year) >= 0; });
    box.appendChild(el("h3", { text: year + ": " + counted.length + " fact" + (counted.length === 1 ? "" : "s") }));
    box.appendChild(factList(counted, "counted"));
    if (also.length) {
      box.appendChild(el("p", { class: "hint", text: "Also dated " + year + " by a source, counted at an earlier year:" }));
      box.appendChild(factList(also, "also"));
    }
  }

  function factList(facts, kind) {
    var list = el("ul", { class: "facts " + kind });
    facts.forEach(function (f) {
      var item = el("li", { class: "fact", "data-category": f.category }, [
        el("span", { class: "cat", style: "border-color:" + CATEGORY_COLOURS[f.category], text: f.category }), " ",
        link(f.counted)]);
      if (f.object && f.object !== f.counted) { item.appendChild(document.createTextNode(" · ")); item.appendChild(link(f.object)); }
      if (f.last !== f.first) item.appendChild(el("span", { class: "conflict", text: " sources disagree: " + range(f) }));
      var versions = el("ul", { class: "versions" });
      f.versions.forEach(function (v) {
        var line = el("li", {}, [el("a", { href: href(v.id), text: v.label })]);
        if (v.dates.length) line.appendChild(el("time", { text: v.dates.join(", ") }));
        if (v.process) line.appendChild(document.createTextNode(" · " + v.process));
        v.sources.forEach(function (s) {
          line.appendChild(document.createTextNode(" · "));
          line.appendChild(el("a", { href: href(s), class: "source", text: label(s) }));
        });
        versions.appendChild(line);
      });
      item.appendChild(versions);
      list.appendChild(item);
    });
    return list;
  }

  // Map ----------------------------------------------------------------------------------------

  var MARKER_STYLES = {
    formal: { radius: 7, weight: 1.5, color: "#111827", fillOpacity: 0.95 },
    informal: { radius: 7, weight: 3, fillOpacity: 0.15 },
    unstated: { radius: 6, weight: 1.5, color: "#111827", dashArray: "2 2", fillOpacity: 0.6 },
    membership: { radius: 4, weight: 1, color: "#374151", fillOpacity: 0.8 },
    none: { radius: 3, weight: 1, color: "#6b7280", fillOpacity: 0.5 }
  };

  /* A name as it sorts: “Menschenrechtsstadt Graz” under M, #RightsCity under R. */
  function nameKey(label) { return label.replace(/^[^\p{L}\p{N}]+/u, ""); }

  function isPlace(e) { return e.kind === "city" || e.lat != null; }

  function drawMap(block, entities) {
    if (block._map) { block._map.remove(); block._map = null; }
    block.textContent = "";
    var places = entities.filter(isPlace);
    var located = places.filter(function (e) { return e.lat != null; });
    var since = located.map(function (e) { return e.since; }).filter(function (y) { return y != null; });
    var lo = since.length ? Math.min.apply(null, since) : null, hi = since.length ? Math.max.apply(null, since) : null;

    var legend = el("p", { class: "legend" });
    Object.keys(MARKER_STYLES).forEach(function (k) {
      var s = MARKER_STYLES[k];
      var icon = svg("svg", { width: 18, height: 18, viewBox: "0 0 18 18" });
      icon.appendChild(svg("circle", { cx: 9, cy: 9, r: s.radius, fill: k === "informal" ? "none" : "#2a788e", stroke: s.color || "#2a788e",
        "stroke-width": s.weight, "stroke-dasharray": s.dashArray || "" }));
      legend.appendChild(el("span", { class: "key" }, [icon, k === "none" ? "no commitment" : commitmentTitle[k]]));
    });
    if (lo != null) {
      legend.appendChild(el("span", { class: "key" }, ["colour: year of first commitment, ",
        el("span", { class: "ramp" }), " " + (lo === hi ? lo : lo + " → " + hi) + ", grey: undated"]));
    }
    block.appendChild(legend);
    var holder = el("div", { class: "map" });
    block.appendChild(holder);
    var coverage = el("p", { class: "coverage" });
    coverage.appendChild(el("strong", { class: "located", text: String(located.length) }));
    coverage.appendChild(document.createTextNode(" of "));
    coverage.appendChild(el("strong", { class: "places", text: String(places.length) }));
    coverage.appendChild(document.createTextNode(" places have coordinates" +
      (located.length < places.length ? "; the others are listed below the map, not drawn." : ".")));
    var controls = el("div", { class: "as-of" });
    block.appendChild(controls);
    block.appendChild(coverage);
    var missing = places.filter(function (e) { return e.lat == null; });
    if (missing.length) {
      var list = el("ul", { class: "entities" });
      missing.sort(function (a, b) { return a.label.localeCompare(b.label); }).forEach(function (e) { list.appendChild(el("li", {}, [link(e.id)])); });
      block.appendChild(el("details", { class: "without-coordinates" }, [el("summary", { text: missing.length + (missing.length === 1 ? " place" : " places") + " without coordinates" }), list]));
    }

    var map = block._map = worldMap(holder);
    if (located.length) {  // the first view, so not animated: the places, at most as close as a country
      map.fitBounds(L.latLngBounds(located.map(function (e) { return [e.lat, e.long]; })).pad(0.3), { maxZoom: 4, animate: false });
    } else {
      map.setView([25, 10], 1.5);
      holder.appendChild(el("p", { class: "map-note", text: "No place in this set has coordinates yet." }));
    }
    var markers = located.map(function (e) {
      var style = MARKER_STYLES[e.commitment || "none"];
      var colour = yearColour(e.since, lo, hi);
      var marker = L.circleMarker([e.lat, e.long], Object.assign({ className: "hrg-marker commit-" + (e.commitment || "none"),
        fillColor: colour, color: style.color || colour }, style));
      marker.bindTooltip(textNode(e.label + (e.since != null ? " (since " + e.since + ")" : "")));
      marker.on("click", function () { window.location.href = href(e.id); });
      marker.entity = e;
      return marker.addTo(map);
    });
    if (lo == null) return;
    var end = hi + 1;  // the last step shows every place, the undated too
    var slider = el("input", { type: "range", min: lo, max: end, step: 1, value: end, "aria-label": "As of year", class: "slider" });
    var shown = el("span", { class: "as-of-text" });
    var play = el("button", { type: "button", class: "play", text: "▶ Replay growth" });
    controls.appendChild(el("label", {}, ["As of ", slider]));
    controls.appendChild(shown);
    controls.appendChild(play);
    function apply() {
      var year = Number(slider.value), count = 0;
      markers.forEach(function (m) {
        var visible = year === end || (m.entity.since != null && m.entity.since <= year);
        if (visible) { count++; if (!map.hasLayer(m)) m.addTo(map); } else if (map.hasLayer(m)) map.removeLayer(m);
      });
      shown.textContent = (year === end ? "all years, undated too" : String(year)) + ": " + count + " place" + (count === 1 ? "" : "s");
      shown.setAttribute("data-count", count);
    }
    slider.addEventListener("input", apply);
    var timer = null;
    play.addEventListener("click", function () {
      if (timer) { clearInterval(timer); timer = null; play.textContent = "▶ Replay growth"; return; }
      slider.value = lo; apply(); play.textContent = "■ Stop";
      timer = setInterval(function () {
        if (Number(slider.value) >= end) { clearInterval(timer); timer = null; play.textContent = "▶ Replay growth"; return; }
        slider.value = Number(slider.value) + 1; apply();
      }, 400);
    });
    apply();
  }

  // Faceted search -----------------------------------------------------------------------------

  var FACETS = {
    kind: function (e) { return [e.kind]; },
    commitment: function (e) { return e.commitment ? [e.commitment] : e.kind === "city" || e.kind === "organization" ? ["none"] : []; },
    continent: function (e) { return e.continent ? [e.continent] : []; },
    country: function (e) { return e.country ? [e.country] : []; },
    network: function (e) { return e.networks; },
    instrument: function (e) { return e.instruments; }
  };
  function valueLabel(facet, value) {
    if (facet === "kind") return kindTitle[value] || value;
    if (facet === "commitment") return value === "none" ? "no commitment" : commitmentTitle[value];
    return label(value);
  }

  /* The table's columns: what each shows of an entity, and sorts by. */
  var COLUMNS = {
    name: function (e) { return e.label; },
    kind: function (e) { return e.fine; },
    country: function (e) { return e.country ? label(e.country) : ""; },
    commitment: function (e) { return e.commitment ? commitmentTitle[e.commitment] : ""; },
    since: function (e) { return e.since; },
    networks: function (e) { return e.networks.map(label).join("; "); },
    instruments: function (e) { return e.instruments.map(label).join("; "); }
  };

  function readState() {
    var params = new URLSearchParams(window.location.search);
    var view = params.get("view") || "table";
    if (!document.querySelector('[data-view="' + CSS.escape(view) + '"]')) view = "table";  // ?view=list: the table
    var state = { q: params.get("q") || "", from: params.get("from") || "", to: params.get("to") || "",
      view: view, sort: params.get("sort") || "", facets: {} };
    Object.keys(FACETS).forEach(function (f) {
      state.facets[f] = params.getAll(f).map(function (v) { return facetValue(f, v); });
    });
    return state;
  }
  /* A facet value as a link gives it (country/japan), or as a person types it in the address (Japan,
     japan, south-korea, Nürnberg): a name or slug is the entity of that facet that bears it, in any
     case and accents, a hyphen for a space. */
  function facetValue(facet, value) {
    if (byId[value] || facet === "kind" || facet === "commitment") return value;
    var key = function (text) { return fold(text).replace(/[-_\s]+/g, " ").trim(); };
    var wanted = key(value), found = value;
    data.entities.some(function (e) {
      return FACETS[facet](e).some(function (v) {
        var entity = byId[v];
        if (!entity || (key(entity.label) !== wanted && key(v.split("/").pop()) !== wanted &&
            !(entity.names || []).some(function (n) { return key(n) === wanted; }))) return false;
        found = v;
        return true;
      });
    });
    return found;
  }
  function writeState(state) {
    var params = new URLSearchParams();
    if (state.q) params.set("q", state.q);
    Object.keys(FACETS).forEach(function (f) { state.facets[f].forEach(function (v) { params.append(f, v); }); });
    if (state.from) params.set("from", state.from);
    if (state.to) params.set("to", state.to);
    if (state.view !== "table") params.set("view", state.view);
    if (state.sort) params.set("sort", state.sort);
    var query = params.toString();
    history.replaceState(null, "", window.location.pathname + (query ? "?" + query : ""));
  }

  function matcher(state, except) {
    var q = fold(state.q.trim());
    var from = state.from ? Number(state.from) : null, to = state.to ? Number(state.to) : null;
    return function (e) {
      if (q && fold(e.label).indexOf(q) < 0 && e.id.indexOf(q) < 0 &&
          !(e.names || []).some(function (n) { return fold(n).indexOf(q) >= 0; })) return false;
      if (from != null || to != null) {
        if (!e.years.some(function (y) { return (from == null || y >= from) && (to == null || y <= to); })) return false;
      }
      return Object.keys(FACETS).every(function (f) {
        var wanted = state.facets[f];
        if (f === except || !wanted.length) return true;
        var values = FACETS[f](e);
        return wanted.some(function (w) { return values.indexOf(w) >= 0; });
      });
    };
  }

  function explore() {
    var state = readState();
    var form = document.getElementById("facets");
    var q = document.getElementById("q"), from = document.getElementById("from"), to = document.getElementById("to");
    q.value = state.q; from.value = state.from; to.value = state.to;
    var tabs = root.querySelectorAll("[data-view]");
    var panels = root.querySelectorAll("[data-panel]");
    var drawn = {};
    var current = [];

    function renderFacets() {
      root.querySelectorAll("fieldset.facet").forEach(function (fs) {
        var facet = fs.getAttribute("data-facet"), box = fs.querySelector(".values");
        var match = matcher(state, facet), counts = {};
        data.entities.forEach(function (e) {
          if (!match(e)) return;
          FACETS[facet](e).forEach(function (v) { counts[v] = (counts[v] || 0) + 1; });
        });
        state.facets[facet].forEach(function (v) { if (!(v in counts)) counts[v] = 0; });
        var order = facet === "kind" ? Object.keys(kindTitle) : facet === "commitment" ? Object.keys(commitmentTitle).concat(["none"]) : null;
        var values = Object.keys(counts).sort(order ? function (a, b) { return order.indexOf(a) - order.indexOf(b); } : function (a, b) {
          return counts[b] - counts[a] || valueLabel(facet, a).localeCompare(valueLabel(facet, b));
        });
        box.textContent = "";
        var list = el("ul", {});
        values.forEach(function (v, i) {
          var input = el("input", { type: "checkbox", name: facet, value: v });
          input.checked = state.facets[facet].indexOf(v) >= 0;
          var item = el("li", { class: i >= 8 && !input.checked ? "more" : "" }, [el("label", {}, [input, " " + valueLabel(facet, v) + " ",
            el("span", { class: "facet-count", "data-value": v, text: String(counts[v]) })])]);
          list.appendChild(item);
        });
        box.appendChild(values.length ? list : el("p", { class: "none", text: "none in this set" }));
        if (values.length > 8) {
          var toggle = el("button", { type: "button", class: "show-more", text: "show all " + values.length });
          toggle.addEventListener("click", function () { list.classList.toggle("open"); toggle.textContent = list.classList.contains("open") ? "show fewer" : "show all " + values.length; });
          box.appendChild(toggle);
        }
      });
    }

    function csvCell(v) { v = v == null ? "" : String(v); return /[",\n\r]/.test(v) ? '"' + v.replace(/"/g, '""') + '"' : v; }
    function exportRows() {
      return current.map(function (e) {
        return { iri: data.base + e.id, label: e.label, kind: e.kind, fine_kind: e.fine,
          country: e.country ? label(e.country) : "", continent: e.continent ? label(e.continent) : "",
          commitment: e.commitment || "", since: e.since, years: e.years.join(" "),
          networks: e.networks.map(label).join("; "), instruments: e.instruments.map(label).join("; "),
          lat: e.lat, long: e.long };
      });
    }
    var urls = [];
    function setDownloads() {
      urls.forEach(function (u) { URL.revokeObjectURL(u); });
      var rows = exportRows();
      var columns = ["iri", "label", "kind", "fine_kind", "country", "continent", "commitment", "since", "years", "networks", "instruments", "lat", "long"];
      var csv = [columns.join(",")].concat(rows.map(function (r) { return columns.map(function (c) { return csvCell(r[c]); }).join(","); })).join("\r\n") + "\r\n";
      var csvUrl = URL.createObjectURL(new Blob([csv], { type: "text/csv" }));
      var jsonUrl = URL.createObjectURL(new Blob([JSON.stringify(rows, null, 1)], { type: "application/json" }));
      urls = [csvUrl, jsonUrl];
      document.getElementById("download-csv").href = csvUrl;
      document.getElementById("download-json").href = jsonUrl;
    }

    function renderTable() {
      var body = document.querySelector("#result-table tbody");
      body.textContent = "";
      var limit = 500;
      root.querySelectorAll("#result-table th").forEach(function (th) {
        var key = th.getAttribute("data-sort");
        th.setAttribute("aria-sort", state.sort === key ? "ascending" : state.sort === "-" + key ? "descending" : "none");
      });
      current.slice(0, limit).forEach(function (e) {
        var cells = Object.keys(COLUMNS).map(function (key) {
          return key === "name" ? el("td", {}, [link(e.id)]) : el("td", { text: String(COLUMNS[key](e) == null ? "" : COLUMNS[key](e)) });
        });
        body.appendChild(el("tr", { "data-id": e.id }, cells));
      });
      document.getElementById("table-more").textContent = current.length > limit ?
        "The first " + limit + " of " + current.length + " are shown: narrow the set, or download it whole." : "";
    }

    function networkLink() {
      var a = document.getElementById("network-link");
      var server = root.getAttribute("data-server") === "yes";
      if (!server) { a.hidden = true; return; }
      if (!current.length || current.length > 60) {
        a.removeAttribute("href"); a.classList.add("disabled");
        a.title = current.length ? "Narrow the set to 60 entities or fewer to draw it as a network" : "Nothing to draw";
        return;
      }
      var values = current.map(function (e) { return "<" + data.base + e.id + ">"; }).join(" ");
      a.href = page("view") + "?" + new URLSearchParams({ sparql: "SELECT ?entity WHERE { VALUES ?entity { " + values + " } }" });
      a.classList.remove("disabled"); a.title = "The set as a network";
    }

    function showView() {
      tabs.forEach(function (t) { t.setAttribute("aria-selected", String(t.getAttribute("data-view") === state.view)); });
      panels.forEach(function (p) { p.hidden = p.getAttribute("data-panel") !== state.view; });
      if (drawn[state.view]) return;
      drawn[state.view] = true;
      if (state.view === "map") drawMap(root.querySelector("[data-panel=map] .map-block"), current);
      if (state.view === "timeline") {
        var ids = {};
        current.forEach(function (e) { ids[e.id] = true; });
        var facts = current.length === data.entities.length ? data.facts :
          data.facts.filter(function (f) { return f.entities.some(function (id) { return ids[id]; }); });
        drawTimeline(root.querySelector("[data-panel=timeline] .timeline-block"), facts);
      }
    }

    function update() {
      var match = matcher(state, null);
      var q = fold(state.q.trim());
      var rank = function (e) {  // with a name to find: the entity of that name first, then names that begin so
        if (!q) return 0;
        var names = [e.label].concat(e.names || []).map(fold);
        return names.indexOf(q) >= 0 ? 0 : names.some(function (n) { return n.indexOf(q) === 0; }) ? 1 : 2;
      };
      var column = COLUMNS[state.sort.replace(/^-/, "")], direction = state.sort.charAt(0) === "-" ? -1 : 1;
      var byColumn = function (a, b) {  // the empty last, either way
        var x = column(a), y = column(b);
        if (x == null || x === "") return y == null || y === "" ? 0 : 1;
        if (y == null || y === "") return -1;
        return direction * (typeof x === "number" ? x - y : String(x).localeCompare(String(y)));
      };
      var kinds = Object.keys(kindTitle);
      var byKind = function (a, b) {  // unsorted: cities, places, organizations... before sources and records
        return column ? 0 : kinds.indexOf(a.kind) - kinds.indexOf(b.kind);
      };
      current = data.entities.filter(match).sort(function (a, b) {
        return (column ? byColumn(a, b) : 0) || rank(a) - rank(b) || byKind(a, b) ||
          nameKey(a.label).localeCompare(nameKey(b.label)) || (a.id < b.id ? -1 : 1);
      });
      document.getElementById("result-count").textContent = String(current.length);
      document.getElementById("result-words").textContent = current.length === 1 ? "entity" : "entities";
      var active = [];
      if (state.q) active.push("name contains “" + state.q + "”");
      root.querySelectorAll("fieldset.facet").forEach(function (fs) {
        var facet = fs.getAttribute("data-facet");
        if (state.facets[facet].length) {
          active.push(fs.querySelector("legend").textContent + ": " +
            state.facets[facet].map(function (v) { return valueLabel(facet, v); }).join(" or "));
        }
      });
      if (state.from || state.to) active.push("years " + (state.from || "…") + "–" + (state.to || "…"));
      document.getElementById("active-filters").textContent = active.length ? "where " + active.join("; ") : "(no filter)";
      renderFacets();
      renderTable();
      setDownloads();
      networkLink();
      drawn = { table: true };
      showView();
      writeState(state);
    }

    form.addEventListener("change", function (event) {
      var t = event.target;
      if (t.type === "checkbox") {
        var list = state.facets[t.name];
        if (t.checked) list.push(t.value); else list.splice(list.indexOf(t.value), 1);
      } else if (t === from || t === to) {
        state.from = from.value; state.to = to.value;
      }
      update();
    });
    q.addEventListener("input", function () { state.q = q.value; update(); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    root.querySelectorAll("#result-table th button.sort").forEach(function (button) {
      button.addEventListener("click", function () {
        var key = button.parentNode.getAttribute("data-sort");
        state.sort = state.sort === key ? "-" + key : key;
        update();
      });
    });
    tabs.forEach(function (t) {
      t.addEventListener("click", function () { state.view = t.getAttribute("data-view"); showView(); writeState(state); });
    });
    update();
  }

  // Start --------------------------------------------------------------------------------------

  var kind = root.getAttribute("data-page");
  if (kind === "home") {
    drawMap(root.querySelector("#home-map .map-block"), data.entities);
    drawTimeline(root.querySelector("#home-timeline .timeline-block"), data.facts);
  } else if (kind === "explore") {
    explore();
  }
  api.ready = true;
  api.yearCounts = yearCounts;
})();

