/* ftzgeo map runtime: layers from embedded JSON, year filter, legend, fullscreen, controls.
   Data arrives as JSON text parsed with JSON.parse; popups and tooltips arrive as HTML that
   ftzgeo escaped in Python. Nothing here evaluates text taken from data. */
(function () {
  "use strict";
  if (window.ftzgeo && window.ftzgeo.version) { return; }
  var ftzgeo = (window.ftzgeo = { version: 1, maps: {} });

  function state(map) {
    var id = map._leaflet_id;
    if (!ftzgeo.maps[id]) {
      ftzgeo.maps[id] = { map: map, layers: [], year: null, control: null };
    }
    return ftzgeo.maps[id];
  }
  ftzgeo.state = state;

  /* The page's phrases, in English and Chinese (set from Python by setText). The page is built
     in one language (lang0); the switch turns it: words marked class="ftz-k" are looked up by
     their English key in the dictionary, names marked class="ftz-n" carry the other language's
     text in a data-en / data-zh attribute. Popups and tooltips are built from their lang0 text
     each time they open, and turned then. */
  var EN = { legend: "Legend", asOf: "as of {y}", all: "all, incl. planned", group: "group nearby points",
             featuresHere: "{n} features here:", pointsHere: "{n} points here", showMore: "show {k} more of {n}",
             clickToZoom: "{n} points: click to zoom in", fullScreen: "Full screen", layers: "Layers",
             language: "Language",
             cannotUnpack: "Layer \u201c{n}\u201d is compressed and this browser cannot unpack it (it has no DecompressionStream): use a current browser, or save the map with compress=False.",
             badPack: "Layer \u201c{n}\u201d could not be unpacked: its data in this page is damaged. Save the map again." };
  function say(map, key, vars) {
    var st = state(map), table = (st.texts && st.texts[st.lang]) || EN;
    var text = table[key] || EN[key];
    return text.replace(/\{(\w)\}/g, function (_, k) { return vars && k in vars ? String(vars[k]) : ""; });
  }
  function word(map, key, lang) {
    var st = state(map), l = lang || st.lang || "en";
    return l === "en" ? key : ((st.dict && st.dict[key]) || key);
  }
  /* A popup row's heading as the page builds it (in lang0): its English text is the key. */
  function thHtml(map, key) {
    var st = state(map), lang0 = st.lang0 || "en";
    if (lang0 === "en" || !st.dict || !st.dict[key]) { return "<th>" + esc(key) + "</th>"; }
    return '<th data-k="' + esc(key) + '">' + esc(st.dict[key]) + "</th>";
  }
  function other(lang) { return lang === "zh" ? "en" : "zh"; }
  /* Turn every marked word and name under `root` from language `from` to `to`. */
  function translate(map, root, from, to) {
    if (!root || from === to) { return; }
    /* Popup row headings (<th>) are words too: their English text is the key. */
    Array.prototype.forEach.call(root.querySelectorAll(".ftz-k, th"), function (el) {
      var key = el.getAttribute("data-k");
      if (key === null) { if (from !== "en") { return; } key = el.textContent; el.setAttribute("data-k", key); }
      el.textContent = word(map, key, to);
    });
    Array.prototype.forEach.call(root.querySelectorAll(".ftz-n"), function (el) {
      if (!el.hasAttribute("data-" + from)) { el.setAttribute("data-" + from, el.textContent); }
      var text = el.getAttribute("data-" + to);
      if (text === null) { return; }
      el.textContent = text;
      if (el.hasAttribute("lang")) { el.setAttribute("lang", other(to)); } /* a name beside the heading */
    });
  }
  ftzgeo.setText = function (map, cfg) {
    var st = state(map);
    st.lang = st.lang0 = cfg.lang || "en"; st.texts = cfg.text; st.dict = cfg.dict; st.refresh = st.refresh || [];
    map.getContainer().setAttribute("lang", st.lang);
    map.on("popupopen tooltipopen", function (e) {
      var overlay = e.popup || e.tooltip;
      if (st.lang !== st.lang0 && overlay) { translate(map, overlay.getElement(), st.lang0, st.lang); }
    });
  };
  function onLang(map, fn) { var st = state(map); (st.refresh = st.refresh || []).push(fn); }
  ftzgeo.say = say;
  ftzgeo.word = word;

  /* Switch the page's language: labels, legend, layer control, slider, popups. */
  ftzgeo.setLang = function (map, lang) {
    var st = state(map), from = st.lang || "en";
    if (lang === from || !st.texts || !st.texts[lang]) { return; }
    st.lang = lang;
    translate(map, map.getContainer(), from, lang);
    map.getContainer().setAttribute("lang", lang);
    if (document.documentElement.getAttribute("lang") === from) { document.documentElement.setAttribute("lang", lang); }
    (st.refresh || []).forEach(function (fn) { fn(lang); });
    if (st.control) { relabelControl(map); }
    if (st.labelWatch) { st.labelWatch(); }
    map.fire("ftzgeo:lang", { lang: lang });
  };

  ftzgeo.addLangSwitch = function (map) {
    var st = state(map);
    var Control = L.Control.extend({
      options: { position: "topleft" },
      onAdd: function () {
        var div = L.DomUtil.create("div", "ftz-lang leaflet-bar");
        div.setAttribute("role", "group");
        [["en", "EN"], ["zh", "中文"]].forEach(function (pair) {
          var b = L.DomUtil.create("button", "ftz-lang-" + pair[0], div);
          b.type = "button"; b.textContent = pair[1]; b.setAttribute("lang", pair[0]);
          L.DomEvent.on(b, "click", function () { ftzgeo.setLang(map, pair[0]); });
        });
        function mark() {
          div.setAttribute("aria-label", say(map, "language"));
          Array.prototype.forEach.call(div.children, function (b) {
            b.setAttribute("aria-pressed", b.getAttribute("lang") === st.lang ? "true" : "false");
          });
        }
        onLang(map, mark); mark();
        L.DomEvent.disableClickPropagation(div);
        return div;
      }
    });
    return new Control().addTo(map);
  };

  function visible(props, year) {
    if (year === null || year === undefined) { return true; }
    if (!("_st" in props)) { return true; }
    var opened = props._y;
    if (props._st === "operating" || props._st === "closed") {
      return opened === null || opened === undefined || opened <= year;
    }
    return false; /* under construction or planned: only shown with "all" */
  }
  ftzgeo.visible = visible;

  function marker(feature, latlng) {
    var s = feature.properties._s || {};
    if (s.shape) {
      return L.marker(latlng, {
        /* An 18 px symbol in a 24 px box: the tap target is at least 24 px. */
        icon: L.divIcon({ html: shapeSvg(s), className: "ftz-icon", iconSize: [24, 24], iconAnchor: [12, 12] }),
        keyboard: false
      });
    }
    return L.circleMarker(latlng, s);
  }

  /* The port symbol as an SVG element built with DOM calls: style values are set as
     attributes, never parsed as markup, whatever text they hold. */
  var SVG_NS = "http://www.w3.org/2000/svg";
  function svgNode(name, attrs) {
    var node = document.createElementNS(SVG_NS, name);
    for (var k in attrs) { if (Object.prototype.hasOwnProperty.call(attrs, k)) { node.setAttribute(k, String(attrs[k])); } }
    return node;
  }
  function shapeSvg(s) {
    var svg = svgNode("svg", { width: 18, height: 18, viewBox: "0 0 18 18" });
    var paint = { stroke: s.color, "stroke-width": 2, fill: s.fillColor };
    function add(name, attrs) {
      for (var k in paint) { if (!(k in attrs)) { attrs[k] = paint[k]; } }
      svg.appendChild(svgNode(name, attrs));
    }
    /* Shapes come from ftzgeo.symbols, set by the page from the Python symbol table. */
    String(s.shape).split("+").forEach(function (part) {
      var sym = ftzgeo.symbols[part];
      if (!sym) { return; }
      var attrs = {};
      for (var k in sym.attrs) { if (Object.prototype.hasOwnProperty.call(sym.attrs, k)) { attrs[k] = sym.attrs[k]; } }
      add(sym.el, attrs);
    });
    return svg;
  }
  ftzgeo.shapeSvg = shapeSvg;

  /* ---- published yearly figures as small charts in a popup (built with SVG calls from the
     numbers; every text set as textContent, never parsed as markup) ------------------------ */
  var CHART_W = 240, CHART_H = 64, PAD_L = 6, PAD_R = 6, PAD_T = 10, PAD_B = 14;
  function fmt(v) { return v >= 100 ? Math.round(v).toLocaleString("en") : String(Math.round(v * 100) / 100); }
  function seriesChart(map, series) {
    var box = document.createElement("div");
    box.className = "ftz-charts";
    var head = document.createElement("div");
    head.className = "ftz-chart-head ftz-k";
    head.textContent = word(map, "Published figures by year");
    head.setAttribute("data-k", "Published figures by year");
    box.appendChild(head);
    var year = state(map).year;
    series.forEach(function (s) {
      var title = document.createElement("div");
      title.className = "ftz-chart-title";
      var name = document.createElement("span");
      name.className = "ftz-k"; name.setAttribute("data-k", s.l); name.textContent = word(map, s.l);
      title.appendChild(name);
      title.appendChild(document.createTextNode(" (" + s.u + ")"));
      if (s.c) {
        var cov = document.createElement("span");
        cov.className = "ftz-k"; cov.setAttribute("data-k", "covers"); cov.textContent = word(map, "covers");
        title.appendChild(document.createTextNode(" · "));
        title.appendChild(cov);
        title.appendChild(document.createTextNode(" " + s.c));
      }
      box.appendChild(title);
      var pts = s.p, x0 = pts[0][0], x1 = pts[pts.length - 1][0], vmax = 0;
      pts.forEach(function (q) { if (q[1] > vmax) { vmax = q[1]; } });
      if (x1 === x0) { x0 -= 1; x1 += 1; }
      function X(y) { return PAD_L + (y - x0) / (x1 - x0) * (CHART_W - PAD_L - PAD_R); }
      function Y(v) { return CHART_H - PAD_B - (vmax > 0 ? v / vmax : 0) * (CHART_H - PAD_B - PAD_T); }
      var svg = svgNode("svg", { width: CHART_W, height: CHART_H, viewBox: "0 0 " + CHART_W + " " + CHART_H, "class": "ftz-chart" });
      svg.appendChild(svgNode("line", { x1: PAD_L, y1: CHART_H - PAD_B, x2: CHART_W - PAD_R, y2: CHART_H - PAD_B, stroke: "#999", "stroke-width": 1 }));
      for (var k = 1; k < pts.length; k++) {  /* lines only between consecutive years: a gap stays a gap */
        if (pts[k][0] - pts[k - 1][0] === 1) {
          svg.appendChild(svgNode("line", { x1: X(pts[k - 1][0]), y1: Y(pts[k - 1][1]), x2: X(pts[k][0]), y2: Y(pts[k][1]), stroke: "#08519c", "stroke-width": 1.5 }));
        }
      }
      pts.forEach(function (q) {
        var open = q[2] !== "exact"; /* a lower bound or an approximation: a hollow point */
        var c = svgNode("circle", { cx: X(q[0]), cy: Y(q[1]), r: q[0] === year ? 5 : 3.5, fill: open ? "#fff" : "#08519c", stroke: "#08519c", "stroke-width": 1.5, "class": "ftz-point" });
        var tip = svgNode("title", {});
        var qual = q[2] === "at_least" ? word(map, "at least") + " " : q[2] === "about" ? word(map, "about") + " " : "";
        tip.textContent = q[0] + ": " + qual + fmt(q[1]) + " " + s.u + (q[3] ? " (" + q[3] + ")" : "");
        c.appendChild(tip);
        svg.appendChild(c);
      });
      var ticks = pts.length === 1 ? [[pts[0][0], "middle"]] : [[x0, "start"], [x1, "end"]];
      ticks.forEach(function (t) {
        var at = t[1] === "middle" ? X(t[0]) : t[1] === "start" ? PAD_L : CHART_W - PAD_R;
        var text = svgNode("text", { x: at, y: CHART_H - 2, "font-size": 10, "text-anchor": t[1], fill: "#555" });
        text.textContent = String(t[0]);
        svg.appendChild(text);
      });
      var top = svgNode("text", { x: PAD_L, y: 8, "font-size": 9, fill: "#555" });
      top.textContent = fmt(vmax);
      svg.appendChild(top);
      box.appendChild(svg);
    });
    return box;
  }
  ftzgeo.seriesChart = seriesChart;

  /* The slider's year's published figure beside each labelled feature that has one of its own
     (a figure covering other features too is left to the popup's chart); with the slider at
     "all", the newest year's, with that year. A year without a figure shows none. */
  function figureFor(series, opts, year) {
    var own = (series || []).filter(function (s) { return s.l === opts.label && !s.c; })[0];
    if (!own) { return null; }
    var pts = own.p, hit = null;
    if (year === null || year === undefined) { hit = pts[pts.length - 1]; }
    else { pts.forEach(function (q) { if (q[0] === year) { hit = q; } }); }
    return hit;
  }
  function showFigures(map, opts) {
    var st = state(map);
    st.layers.forEach(function (entry) {
      if (!entry.layer.eachLayer) { return; }
      entry.layer.eachLayer(function (l) {
        var tip = l.getTooltip && l.getTooltip(), f = l.feature;
        if (!tip || !tip.options.permanent || !f || !f.properties._ind) { return; }
        if (tip._ftzBase === undefined) { tip._ftzBase = tip.getContent(); }
        var q = figureFor(f.properties._ind, opts, st.year);
        var el = tip.getElement(), old = el && el.querySelector(".ftz-fig");
        if (old) { old.parentNode.removeChild(old); }
        if (!q || !el) { return; }
        var span = document.createElement("span");
        span.className = "ftz-fig";
        var mark = q[2] === "at_least" ? "≥ " : q[2] === "about" ? "~ " : "";
        span.textContent = " · " + mark + fmt(q[1]) + " " + opts.unit + (st.year === null || st.year === undefined ? " (" + q[0] + ")" : "");
        el.appendChild(span);
      });
    });
    if (st.labelWatch) { st.labelWatch(); }
  }
  ftzgeo.showFigures = function (map, opts) {
    map.on("ftzgeo:year ftzgeo:lang overlayadd", function () { showFigures(map, opts); });
    showFigures(map, opts);
  };
  /* A popup's content with its charts: the escaped HTML from Python, the charts under the
     heading, before the attributes. */
  function withCharts(map, html, series) {
    return function () {
      var box = document.createElement("div");
      box.innerHTML = html; /* escaped by ftzgeo in Python */
      box.insertBefore(seriesChart(map, series), box.querySelector("table"));
      return box;
    };
  }

  /* A feature's popup on click, unless a point layer above claimed the click (a point or a
     cluster drawn over this feature): one click, one answer. When other points or lines lie
     under the click too (a road and a rail port at one crossing, lines A, B and C in one
     corridor), the popup lists them all and each entry opens its own popup. `html` is text
     ftzgeo escaped, or a function building it from escaped parts. */
  var HIT_POINT_PX = 12, HIT_LINE_PX = 6;
  function openPopup(map, at, html) {
    L.popup({ maxWidth: 380 }).setLatLng(at).setContent(typeof html === "function" ? html() : html).openOn(map);
  }
  function underClick(map, e, points) {
    var lp = map.latLngToLayerPoint(e.latlng), hits = [];
    state(map).layers.forEach(function (entry) {
      if (!entry.layer.eachLayer || !map.hasLayer(entry.layer)) { return; }
      entry.layer.eachLayer(function (l) {
        if (!l._ftzPopup) { return; }
        var d = Infinity;
        if (points) {
          if (l.getLatLng) { d = map.latLngToLayerPoint(l.getLatLng()).distanceTo(lp) <= HIT_POINT_PX ? 0 : Infinity; }
        } else if (l.closestLayerPoint && !(l instanceof L.Polygon)) {
          var q = l.closestLayerPoint(lp); d = q && q.distance <= HIT_LINE_PX ? 0 : Infinity;
        }
        if (d === 0) { hits.push(l); }
      });
    });
    return hits;
  }
  /* Whether an area (a Leaflet polygon, any nesting of rings) holds a point: even-odd rule. */
  function holds(poly, ll) {
    var inside = false;
    (function walk(rings) {
      if (rings.length && rings[0] instanceof L.LatLng) {
        for (var i = 0, j = rings.length - 1; i < rings.length; j = i++) {
          var a = rings[i], b = rings[j];
          if ((a.lat > ll.lat) !== (b.lat > ll.lat) &&
              ll.lng < (b.lng - a.lng) * (ll.lat - a.lat) / (b.lat - a.lat) + a.lng) { inside = !inside; }
        }
        return;
      }
      rings.forEach(walk);
    })(poly.getLatLngs());
    return inside;
  }
  /* The areas (not the basemap) that hold a click, so one drawn under another is listed too. */
  function areasUnder(map, ll) {
    var out = [];
    state(map).layers.forEach(function (entry) {
      if (!entry.layer.eachLayer || !map.hasLayer(entry.layer)) { return; }
      entry.layer.eachLayer(function (l) {
        if (l instanceof L.Polygon && l._ftzPopup && l._ftzKey !== "countries" && l._ftzKey !== "xinjiang" &&
            l.getBounds().contains(ll) && holds(l, ll)) { out.push(l); }
      });
    });
    return out;
  }

  ftzgeo.areasUnder = areasUnder;

  function listPopup(map, at, hits) {
    var box = document.createElement("div");
    var head = document.createElement("b");
    head.textContent = say(map, "featuresHere", { n: hits.length });
    box.appendChild(head);
    var ul = L.DomUtil.create("ul", "ftz-list", box);
    hits.forEach(function (l) {
      var li = L.DomUtil.create("li", "", ul), a = L.DomUtil.create("a", "ftz-pick", li);
      a.href = "#";
      a.innerHTML = l._ftzTitle || "(unnamed)"; /* escaped by ftzgeo in Python */
      L.DomEvent.on(a, "click", function (ev) {
        L.DomEvent.preventDefault(ev);
        openPopup(map, l.getLatLng ? l.getLatLng() : at, l._ftzPopup);
      });
    });
    openPopup(map, at, box);
  }
  function popupOnClick(map, layer, html, title) {
    layer._ftzPopup = html; layer._ftzTitle = title;
    layer.on("click", function (e) {
      if (state(map).claimed) { return; }
      /* Everything under the click is reachable: points within 12 px of their centre (a
         24 px tap target however small the dot), lines within 6 px, and the areas holding the
         click; one of them opens its popup, several are listed. The basemap (countries,
         Xinjiang) only answers a click that meets nothing else. */
      /* Where the pointer is (a marker's own click event carries the marker's position). */
      var at = { latlng: e.originalEvent ? map.mouseEventToLatLng(e.originalEvent) : e.latlng };
      var point = !!layer.getLatLng, line = !point && !(layer instanceof L.Polygon);
      var basemap = layer._ftzKey === "countries" || layer._ftzKey === "xinjiang";
      var hits = underClick(map, at, true);
      if (line) { hits = hits.concat(underClick(map, at, false)); }
      hits = hits.concat(areasUnder(map, at.latlng));
      if (!basemap && hits.indexOf(layer) < 0) { hits.push(layer); }
      if (hits.length > 1) { listPopup(map, at.latlng, hits); return; }
      var one = hits.length ? hits[0] : layer;
      openPopup(map, one.getLatLng ? one.getLatLng() : at.latlng, one._ftzPopup);
    });
  }

  /* Permanent labels never overlap: after every view change they are placed in rank order
     (a feature's "_r", lower first, then the order they were added) and a label that would
     touch one already placed is hidden until a zoom makes room for it. */
  var labelSeq = 0;
  function declutter(map) {
    var tips = [];
    map.eachLayer(function (l) {
      if (l instanceof L.Tooltip && l.options.permanent && l._container && /ftz-label/.test(l.options.className || "")) { tips.push(l); }
    });
    function prop(t, own, key) {
      if (typeof t[own] === "number") { return t[own]; }
      var f = t._source && t._source.feature, v = f && f.properties[key];
      return typeof v === "number" ? v : null;
    }
    function rank(t) { var r = prop(t, "_ftzRank", "_r"); return r === null ? Infinity : r; }
    tips.sort(function (a, b) { return (rank(a) - rank(b)) || (a._ftzSeq - b._ftzSeq); });
    var placed = [], size = map.getSize(), shown = 0, zoom = map.getZoom();
    tips.forEach(function (t) {
      var el = t._container;
      el.classList.remove("ftz-hidden");
      if ((prop(t, "_ftzZoom", "_z") || 0) > zoom) { el.classList.add("ftz-hidden"); return; }
      var p = map.latLngToContainerPoint(t.getLatLng()), w = el.offsetWidth, h = el.offsetHeight;
      var pos = L.DomUtil.getPosition(el), origin = map.layerPointToContainerPoint(pos || [0, 0]);
      var box = { x0: origin.x - 2, y0: origin.y - 2, x1: origin.x + w + 2, y1: origin.y + h + 2 };
      var off = p.x < -w || p.y < -h || p.x > size.x + w || p.y > size.y + h;
      var hit = placed.some(function (q) { return box.x0 < q.x1 && q.x0 < box.x1 && box.y0 < q.y1 && q.y0 < box.y1; });
      if (hit) { el.classList.add("ftz-hidden"); } else if (!off) { placed.push(box); shown += 1; }
    });
    state(map).labels = { total: tips.length, shown: shown };
  }
  function watchLabels(map) {
    var st = state(map);
    if (st.labelWatch) { return; }
    var queued = false;
    st.labelWatch = function () {
      if (queued) { return; }
      queued = true;
      requestAnimationFrame(function () { queued = false; declutter(map); });
    };
    map.on("zoomend moveend resize overlayadd overlayremove layeradd", function (e) {
      if (e.type !== "layeradd" || e.layer instanceof L.Tooltip) { st.labelWatch(); }
    });
  }
  ftzgeo.declutter = declutter;

  /* ---- data blocks and the order of calls --------------------------------------------------
     A layer's data is a <script type="application/json"> block, parsed when its call runs, or a
     packed block (gzip + base64, data-ftz="gzip-base64") that the browser's DecompressionStream
     unpacks, which takes a promise. Every call of the page goes through ftzgeo.run: at once on a
     page with no packed data; otherwise queued, in order, until every packed block is unpacked
     (or has failed: its layer then shows a notice instead). */
  var queue = [], pending = 0, unpacked = {}, failed = {};
  function unpackBlock(el) {
    if (typeof DecompressionStream === "undefined") {
      return Promise.reject(new Error("no DecompressionStream"));
    }
    var bin = atob(el.textContent), bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) { bytes[i] = bin.charCodeAt(i); }
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    return new Response(stream).text().then(JSON.parse);
  }
  /* Start unpacking every packed block not seen yet (a page may hold several maps, each with
     its blocks before its calls). */
  function startUnpacking() {
    Array.prototype.forEach.call(document.querySelectorAll('script[data-ftz="gzip-base64"]'), function (el) {
      if (el._ftzSeen) { return; }
      el._ftzSeen = true;
      pending++;
      var done = function () { if (--pending === 0) { var q = queue; queue = []; q.forEach(function (fn) { fn(); }); } };
      var settled;
      try { settled = unpackBlock(el); } catch (err) { settled = Promise.reject(err); }
      settled.then(function (d) { unpacked[el.id] = d; }, function (err) {
        failed[el.id] = typeof DecompressionStream === "undefined" ? "cannotUnpack" : "badPack";
        if (window.console) { console.warn("ftzgeo: layer data " + el.id + " not unpacked: " + (err && err.message || err)); }
      }).then(done);
    });
  }
  /* How many packed blocks are still being unpacked (0 once the page's calls have all run). */
  ftzgeo.pending = function () { return pending; };
  ftzgeo.run = function (fn) {
    startUnpacking();
    if (pending) { queue.push(fn); } else { fn(); }
  };
  /* The data of block `id`: parsed JSON, the unpacked object, or {failed: notice key} where a
     packed block could not be unpacked (addLayer shows that notice instead of the layer). */
  ftzgeo.data = function (id) {
    if (id in failed) { return { failed: failed[id] }; }
    if (id in unpacked) { return unpacked[id]; }
    var el = document.getElementById(id);
    if (el.getAttribute("data-ftz")) { return { failed: "badPack" }; } /* packed, never unpacked */
    return JSON.parse(el.textContent);
  };
  /* A line of text over the map (e.g. a layer that could not be unpacked), in the page's language. */
  function notice(map, key, vars) {
    var st = state(map);
    if (!st.notices) { st.notices = L.DomUtil.create("div", "ftz-notices", map.getContainer()); }
    var div = L.DomUtil.create("div", "ftz-notice", st.notices);
    div.setAttribute("role", "alert");
    div.textContent = say(map, key, vars);
    onLang(map, function () { div.textContent = say(map, key, vars); });
    return div;
  }

  ftzgeo.addLayer = function (map, opts, data) {
    if (data && data.failed) { notice(map, data.failed, { n: opts.name }); return null; }
    if (data && data.f === "ftz1") { return addCompact(map, opts, data); }
    var st = state(map);
    var gj = L.geoJSON(null, {
      attribution: opts.attribution || null, /* escaped by ftzgeo */
      style: function (f) { return f.properties._s || {}; },
      pointToLayer: marker,
      onEachFeature: function (f, layer) {
        layer._ftzKey = opts.key;
        if (f.properties._a && !layer.getLatLng) {  /* a line's label mid-line, an area's inside */
          var anchor = L.latLng(f.properties._a[0], f.properties._a[1]);
          layer.getCenter = function () { return anchor; };
        }
        if (f.properties._l) {
          layer.bindTooltip(f.properties._l, { permanent: true, direction: layer.getLatLng ? "right" : "center",
            className: "ftz-label ftz-label-" + (opts.key || "user"), offset: layer.getLatLng ? [8, 0] : [0, 0] });
          layer.getTooltip()._ftzSeq = labelSeq++;
          watchLabels(map);
        } else if (f.properties._t) { layer.bindTooltip(f.properties._t, { sticky: true }); }
        if (f.properties._p) {
          var content = f.properties._ind ? withCharts(map, f.properties._p, f.properties._ind) : f.properties._p;
          popupOnClick(map, layer, content, f.properties._t || f.properties._l);
        }
      }
    });
    var entry = {
      name: opts.name, key: opts.key, group: opts.group, layer: gj, data: data,
      nameKey: opts.nameKey, groupKey: opts.groupKey,
      timeline: opts.timeline !== false,
      count: function () { return gj.getLayers().length; },
      show: function (year) {
        gj.clearLayers();
        var feats = this.timeline ? data.features.filter(function (f) { return visible(f.properties, year); }) : data.features;
        gj.addData({ type: "FeatureCollection", features: feats });
      }
    };
    entry.show(st.year);
    if (opts.show !== false) { gj.addTo(map); }
    if (opts.back) { gj.bringToBack(); }
    st.layers.push(entry);
    if (st.control) { st.control.addOverlay(gj, overlayLabel(map, entry)); }
    return gj;
  };

  /* ---- compact layers: quantized, delta-coded coordinates in columns ---------------------- */

  function esc(value) {
    return String(value).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }
  ftzgeo.esc = esc;

  function decodeXY(d) {
    var xy = d.xy, n = xy.length / 2, lon = new Float64Array(n), lat = new Float64Array(n);
    var x = 0, y = 0, k = Math.pow(10, d.p);
    for (var i = 0; i < n; i++) { x += xy[2 * i]; y += xy[2 * i + 1]; lon[i] = x / k; lat[i] = y / k; }
    return { lon: lon, lat: lat };
  }

  /* Row i of a compact property column: plain values, or distinct values ("k") with an index
     per row ("i", -1 for none). */
  function cell(col, i) {
    if (col && col.k) { var j = col.i[i]; return j < 0 ? null : col.k[j]; }
    return col ? col[i] : null;
  }
  ftzgeo.cell = cell;

  /* A compact feature's name (column t, with t2 the other language's) as the page builds it:
     escaped, and marked for the language switch. Null where it has none. */
  function nameHtml(map, texts, others, i) {
    if (!texts || texts[i] === null || texts[i] === undefined) { return null; }
    var alt = others ? others[i] : null;
    if (alt === null || alt === undefined) { return esc(texts[i]); }
    return '<span class="ftz-n" data-' + other(state(map).lang0 || "en") + '="' + esc(alt) + '">' + esc(texts[i]) + "</span>";
  }
  /* Its name as text in the page's current language. */
  function nameText(map, d, i) {
    var st = state(map);
    if (st.lang !== st.lang0 && d.t2 && d.t2[i] !== null && d.t2[i] !== undefined) { return String(d.t2[i]); }
    return d.t && d.t[i] !== null && d.t[i] !== undefined ? String(d.t[i]) : null;
  }

  function compactPopup(map, d, i) {
    var rows = "";
    (d.fields || []).forEach(function (f) {
      var v = cell(d.cols[f[0]], i);
      if (v !== null && v !== undefined && v !== "") {
        rows += "<tr>" + thHtml(map, f[1]) + "<td>" + esc(v) + "</td></tr>";
      }
    });
    var name = nameHtml(map, d.t, d.t2, i);
    return (name === null ? "" : "<b>" + name + "</b>") + "<table>" + rows + "</table>";
  }

  function visibleIndex(d, year) {
    var out = [];
    for (var i = 0; i < d.n; i++) {
      if (!d.st || visible({ _st: d.st[i], _y: d.y ? d.y[i] : null }, year)) { out.push(i); }
    }
    return out;
  }

  /* Web-Mercator coordinates on [0, 1], computed once per layer: a redraw only scales them. */
  function mercator(xy) {
    var n = xy.lon.length, mx = new Float64Array(n), my = new Float64Array(n), D = Math.PI / 180;
    for (var i = 0; i < n; i++) {
      var lat = Math.max(-85.0511287798, Math.min(85.0511287798, xy.lat[i]));
      mx[i] = (xy.lon[i] + 180) / 360;
      my[i] = 0.5 - Math.log(Math.tan(Math.PI / 4 + lat * D / 2)) / (2 * Math.PI);
    }
    return { x: mx, y: my };
  }

  var CLUSTER_CELL = 60; /* px: points closer than a cell at this zoom are grouped */
  var SPRITE_FROM = 20000; /* points in view from which "auto" blends sprites into one image */
  var OPAQUE = 1 / 512; /* a blended pixel this close to opaque takes nothing more */
  ftzgeo.pointMode = "auto"; /* "auto", "raster", "sprite" or "path": see PointCloud._redraw */
  var LIST_MAX = 50;     /* a cluster's popup at the last zoom lists this many points */

  /* Points on one canvas, drawn in a single pass (or grouped in clusters): 100k points stay
     interactive. Colours and sizes per point come from the compact columns "c"/"pal" and "r". */
  var PointCloud = L.Layer.extend({
    initialize: function (d, xy, clustered) {
      this._d = d; this._xy = xy; this._idx = []; this._m = mercator(xy);
      this._canCluster = !!clustered; this._clustered = !!clustered; this._items = [];
      var rmax = d.s.radius || 3;
      if (d.r) { for (var i = 0; i < d.r.length; i++) { if (d.r[i] > rmax) { rmax = d.r[i]; } } }
      this._rmax = rmax;
    },
    setIndex: function (idx) { this._idx = idx; this._view = null; if (this._map) { this._redraw(); } },
    setClustered: function (on) { this._clustered = this._canCluster && !!on; this._view = null; if (this._map) { this._redraw(); } },
    /* One setView fires viewreset, zoomend and moveend: the points are drawn once per view. */
    _viewChanged: function () {
      var map = this._map, o = map.getPixelOrigin(), p = map._getMapPanePos(), s = map.getSize();
      var view = [map.getZoom(), o.x, o.y, p.x, p.y, s.x, s.y].join(",");
      if (view === this._view) { return; }
      this._redraw();
    },
    onAdd: function (map) {
      this._canvas = L.DomUtil.create("canvas", "ftz-cloud leaflet-zoom-hide");
      /* Its own pane above the vector layers (overlayPane is 400) and below markers (600). */
      var pane = map.getPane("ftzCloud") || map.createPane("ftzCloud");
      pane.style.zIndex = 450;
      pane.appendChild(this._canvas);
      this._view = null;
      map.on("moveend zoomend resize viewreset", this._viewChanged, this);
      map.on("mousemove", this._hover, this);
      map.on("preclick", this._click, this); /* preclick: layers below may stop "click" */
      this._redraw();
    },
    onRemove: function (map) {
      L.DomUtil.remove(this._canvas);
      this._raster = null; /* the blend buffer (16 bytes a pixel) is made again when drawn */
      map.off("moveend zoomend resize viewreset", this._viewChanged, this);
      map.off("mousemove", this._hover, this);
      map.off("preclick", this._click, this);
      if (this._tip) { map.closeTooltip(this._tip); }
    },
    /* Container pixel of every visible point inside the view (plus a margin), in typed
       arrays: which row (i), where (x, y) and how many (n). */
    _project: function (margin) {
      var map = this._map, size = map.getSize(), idx = this._idx, m = this._m;
      var scale = map.options.crs.scale(map.getZoom());
      var off = map.getPixelOrigin().multiplyBy(-1).add(map._getMapPanePos());
      var fast = map.options.crs === L.CRS.EPSG3857, n = 0;
      var I = new Int32Array(idx.length), X = new Float32Array(idx.length), Y = new Float32Array(idx.length);
      for (var j = 0; j < idx.length; j++) {
        var i = idx[j], x, y;
        if (fast) { x = m.x[i] * scale + off.x; y = m.y[i] * scale + off.y; }
        else { var p = map.latLngToContainerPoint([this._xy.lat[i], this._xy.lon[i]]); x = p.x; y = p.y; }
        if (x < -margin || y < -margin || x > size.x + margin || y > size.y + margin) { continue; }
        I[n] = i; X[n] = x; Y[n] = y; n++;
      }
      return { i: I, x: X, y: Y, n: n };
    },
    /* Group projected points by grid cell: one item per cell, a point or a counted cluster. */
    _group: function (P) {
      var cells = {}, items = [];
      for (var k = 0; k < P.n; k++) {
        var key = Math.floor(P.x[k] / CLUSTER_CELL) + ":" + Math.floor(P.y[k] / CLUSTER_CELL);
        var c = cells[key];
        if (!c) { c = cells[key] = { members: [], x: 0, y: 0 }; items.push(c); }
        c.members.push(P.i[k]); c.x += P.x[k]; c.y += P.y[k];
      }
      items.forEach(function (c) { c.x /= c.members.length; c.y /= c.members.length; c.count = c.members.length; });
      return items;
    },
    /* A point's symbol drawn once on a small canvas (its fill, stroke and opacity), then
       stamped for every point of that colour and size: one drawImage per point instead of a
       path to fill and stroke. */
    _sprite: function (colour, r) {
      var key = colour + "|" + r, cache = this._sprites || (this._sprites = {});
      if (cache[key]) { return cache[key]; }
      var s = this._d.s, w = s.weight || 0, half = Math.ceil(r + w) + 1;
      var c = document.createElement("canvas");
      c.width = c.height = 2 * half;
      var ctx = c.getContext("2d");
      ctx.globalAlpha = s.fillOpacity === undefined ? 0.8 : s.fillOpacity;
      ctx.fillStyle = colour; ctx.strokeStyle = s.color; ctx.lineWidth = w || 1;
      ctx.beginPath(); ctx.arc(half, half, r, 0, 6.283185307179586); ctx.fill();
      if (w) { ctx.stroke(); }
      cache[key] = { canvas: c, half: half };
      return cache[key];
    },
    /* A sprite's pixels (getImageData of the sprite canvas: exactly what drawImage would copy),
       premultiplied, row by row: each row from its first to its last pixel with any alpha (a
       transparent pixel between them is kept, with nothing to add), as offsets from the point. */
    _stamp: function (colour, r) {
      var key = colour + "|" + r, cache = this._stamps || (this._stamps = {});
      if (cache[key]) { return cache[key]; }
      var sp = this._sprite(colour, r), w = sp.canvas.width, half = sp.half;
      var px = sp.canvas.getContext("2d").getImageData(0, 0, w, w).data;
      var dx = [], dy = [], R = [], G = [], B = [], A = [];
      var rows = new Int32Array(w + 1), x0 = new Int32Array(w); /* row y: pixels rows[y]..rows[y + 1] - 1, from dx x0[y] */
      for (var y = 0; y < w; y++) {
        var first = w, last = -1;
        for (var x = 0; x < w; x++) { if (px[(y * w + x) * 4 + 3]) { first = Math.min(first, x); last = x; } }
        rows[y] = dx.length; x0[y] = first - half;
        for (x = first; x <= last; x++) {
          var k = (y * w + x) * 4, a = px[k + 3] / 255;
          dx.push(x - half); dy.push(y - half);
          R.push(px[k] * a); G.push(px[k + 1] * a); B.push(px[k + 2] * a); A.push(a);
        }
      }
      rows[w] = dx.length;
      cache[key] = { n: dx.length, dx: dx, dy: dy, r: new Float32Array(R), g: new Float32Array(G),
                     b: new Float32Array(B), a: new Float32Array(A), half: half, w: 0, off: null,
                     rows: rows, x0: x0 };
      return cache[key];
    },
    /* A premultiplied RGBA image the size of the view, reused from redraw to redraw, with one
       bit per pixel (rows of 32-bit words) set once the pixel is opaque. */
    _canvasBuffer: function (w, h) {
      var R = this._raster;
      if (!R || R.w !== w || R.h !== h) {
        var ww = Math.ceil(w / 32);
        R = this._raster = { w: w, h: h, buf: new Float32Array(w * h * 4), img: null,
                             ww: ww, bits: new Int32Array(ww * h) };
      } else { R.buf.fill(0); R.bits.fill(0); }
      return R;
    },
    /* Which stamp each projected point takes: `list` of stamps and `of[j]` for point j (one per
       palette colour when every point has the same size, else one per colour and radius). */
    _stampsOf: function (P) {
      var d = this._d, r0 = d.s.radius || 3, base = d.s.fillColor || d.s.color, self = this;
      var of = new Int32Array(P.n), list = [], seen = {}, j;
      if (!d.r) {
        list = (d.c ? d.pal : [base]).map(function (c) { return self._stamp(c, r0); });
        if (d.c) { for (j = 0; j < P.n; j++) { of[j] = d.c[P.i[j]]; } }
        return { list: list, of: of };
      }
      for (j = 0; j < P.n; j++) {
        var i = P.i[j], colour = d.c ? d.pal[d.c[i]] : base, key = colour + "|" + d.r[i];
        if (seen[key] === undefined) { seen[key] = list.length; list.push(this._stamp(colour, d.r[i])); }
        of[j] = seen[key];
      }
      return { list: list, of: of };
    },
    /* Every projected point's stamp put UNDER what is already blended, last point first:
       out += stamp * (1 - out alpha). The same image as drawing them in order with source-over,
       but a pixel already opaque is done with, which is most of a dense view: each row of a
       stamp is read a word of opaque bits at a time, and only its pixels whose bit is clear are
       blended (clipped to the image). */
    _blendAll: function (R, P, S) {
      var W = R.w, H = R.h, buf = R.buf, bits = R.bits, ww = R.ww, PX = P.x, PY = P.y, list = S.list, of = S.of, k;
      list.forEach(function (st) {
        if (st.w === W) { return; }
        st.off = new Int32Array(st.n); /* offsets into the image, for this width */
        for (var m = 0; m < st.n; m++) { st.off[m] = (st.dy[m] * W + st.dx[m]) * 4; }
        st.w = W;
      });
      for (var j = P.n - 1; j >= 0; j--) {
        var st = list[of[j]], x = Math.round(PX[j]), y = Math.round(PY[j]), h = st.half, top = y - h;
        var at = (y * W + x) * 4, off = st.off, rows = st.rows, x0 = st.x0, sr = st.r, sg = st.g, sb = st.b, sa = st.a;
        var inside = x >= h && top >= 0 && x + h < W && y + h < H;
        for (var r = 0; r < rows.length - 1; r++) {
          var k0 = rows[r], py = top + r;
          if (k0 === rows[r + 1]) { continue; }
          var line = py * ww, xa = x + x0[r], a = xa, b = xa + rows[r + 1] - 1 - k0; /* pixel k at xa + k - k0 */
          if (!inside) { /* clipped to the image */
            if (py < 0 || py >= H) { continue; }
            a = Math.max(a, 0); b = Math.min(b, W - 1);
            if (a > b) { continue; }
          }
          for (var q = line + (a >> 5), wb = line + (b >> 5); q <= wb; q++) {
            var base = (q - line) << 5, free = ~bits[q];
            if (base < a) { free &= -1 << (a - base); }
            if (base + 31 > b) { free &= (-1 >>> (base + 31 - b)) | 0; }
            while (free) {
              var bit = 31 - Math.clz32(free & -free), o, f;
              free &= free - 1;
              k = k0 + base + bit - xa; o = at + off[k]; f = 1 - buf[o + 3];
              buf[o] += sr[k] * f; buf[o + 1] += sg[k] * f; buf[o + 2] += sb[k] * f; buf[o + 3] += sa[k] * f;
              if (1 - buf[o + 3] <= OPAQUE) { bits[q] |= 1 << bit; }
            }
          }
        }
      }
    },
    /* The blended image onto the canvas (un-premultiplied, as ImageData takes it). */
    _flush: function (ctx, R) {
      if (!R.img) { R.img = ctx.createImageData(R.w, R.h); }
      var out = R.img.data, buf = R.buf, len = buf.length;
      for (var o = 0; o < len; o += 4) {
        var a = buf[o + 3];
        if (a <= 0) { out[o] = out[o + 1] = out[o + 2] = out[o + 3] = 0; continue; }
        out[o] = buf[o] / a; out[o + 1] = buf[o + 1] / a; out[o + 2] = buf[o + 2] / a; out[o + 3] = a * 255;
      }
      ctx.putImageData(R.img, 0, 0);
    },
    _redraw: function () {
      var map = this._map, size = map.getSize(), c = this._canvas, s = this._d.s, d = this._d;
      if (!size.x || !size.y) { /* a hidden map: nothing to draw or to hit */
        c.width = c.height = 0;
        this._P = { i: new Int32Array(0), x: new Float32Array(0), y: new Float32Array(0), n: 0 };
        this._items = this._clustered ? [] : null; this._grid = null; this._view = null;
        return;
      }
      var topLeft = map.containerPointToLayerPoint([0, 0]);
      c.style.left = topLeft.x + "px"; c.style.top = topLeft.y + "px";
      c.width = size.x; c.height = size.y;
      var ctx = c.getContext("2d"), r0 = s.radius || 3;
      var P = this._project(this._clustered ? CLUSTER_CELL : this._rmax);
      var items = this._clustered ? this._group(P) : null;
      var base = s.fillColor || s.color, self = this;
      /* How each point is drawn (ftzgeo.pointMode): "auto" draws a path each below SPRITE_FROM
         points (faster there) and above it blends pre-drawn sprite pixels into one image
         ("raster"); "sprite" stamps the sprite canvas with drawImage, "path" always draws paths
         (both kept to compare, bench/bench_redraw.py). */
      var mode = ftzgeo.pointMode, many = (items ? items.length : P.n) > SPRITE_FROM;
      if (mode === "auto") { mode = many ? "raster" : "path"; }
      var raster = mode === "raster" ? this._canvasBuffer(size.x, size.y) : null;
      var alpha = s.fillOpacity === undefined ? 0.8 : s.fillOpacity;
      function stamp(i, x, y) { /* "sprite" and "path": one point onto the canvas */
        var r = d.r ? d.r[i] : r0, colour = d.c ? d.pal[d.c[i]] : base;
        if (mode === "sprite") {
          var sp = self._sprite(colour, r);
          ctx.drawImage(sp.canvas, Math.round(x) - sp.half, Math.round(y) - sp.half);
          return;
        }
        ctx.globalAlpha = alpha; ctx.fillStyle = colour; ctx.strokeStyle = s.color; ctx.lineWidth = s.weight || 1;
        ctx.beginPath(); ctx.arc(x, y, r, 0, 6.283185307179586); ctx.fill();
        if (s.weight) { ctx.stroke(); }
        ctx.globalAlpha = 1;
      }
      var dots = P; /* the points drawn as points: all of them, or the clusters' singles */
      if (items) {
        var one = items.filter(function (it) { return it.count === 1; });
        one.forEach(function (it) { it.r = d.r ? d.r[it.members[0]] : r0; });
        dots = { i: Int32Array.from(one, function (it) { return it.members[0]; }), n: one.length,
                 x: Float32Array.from(one, function (it) { return it.x; }),
                 y: Float32Array.from(one, function (it) { return it.y; }) };
      }
      if (raster) { this._blendAll(raster, dots, this._stampsOf(dots)); this._flush(ctx, raster); }
      else { for (var q = 0; q < dots.n; q++) { stamp(dots.i[q], dots.x[q], dots.y[q]); } }
      if (items) { /* the clusters' circles over the points */
        ctx.globalAlpha = 0.85;
        ctx.font = "600 11px system-ui, sans-serif"; ctx.textAlign = "center"; ctx.textBaseline = "middle";
        items.forEach(function (it) {
          if (it.count === 1) { return; }
          it.r = Math.min(28, 11 + 4 * Math.log(it.count) / Math.LN10);
          ctx.fillStyle = base;
          ctx.beginPath(); ctx.arc(it.x, it.y, it.r, 0, 6.283185307179586); ctx.fill();
          ctx.strokeStyle = "#ffffff"; ctx.lineWidth = 2; ctx.stroke();
          ctx.fillStyle = "#111111"; ctx.globalAlpha = 1;
          ctx.fillText(it.count > 9999 ? Math.round(it.count / 1000) + "k" : String(it.count), it.x, it.y);
          ctx.globalAlpha = 0.85;
        });
      }
      this._P = P; this._items = items; this._grid = null; this._cell = 32;
      var o = map.getPixelOrigin(), pp = map._getMapPanePos();
      this._view = [map.getZoom(), o.x, o.y, pp.x, pp.y, size.x, size.y].join(",");
      map.fire("ftzgeo:drawn", { layer: self });
    },
    /* What the page shows: for tests and tools (indices into the layer's rows). */
    items: function () {
      var map = this._map, d = this._d, r0 = this._d.s.radius || 3, P = this._P, out = [];
      var list = this._items;
      if (!list) {
        list = [];
        for (var k = 0; k < P.n; k++) { list.push({ x: P.x[k], y: P.y[k], r: d.r ? d.r[P.i[k]] : r0, count: 1, members: [P.i[k]] }); }
      }
      list.forEach(function (it) {
        var ll = map.containerPointToLatLng([it.x, it.y]);
        out.push({ x: it.x, y: it.y, r: it.r, count: it.count, members: it.members.slice(), lat: ll.lat, lng: ll.lng });
      });
      return out;
    },
    /* The hit grid (items in the 32 px cells they cover), built on the first hover or click
       after a redraw: a pan redraws without it. */
    _hits: function () {
      if (this._grid) { return this._grid; }
      var grid = new Map(), cell = this._cell, d = this._d, r0 = d.s.radius || 3, P = this._P;
      function add(it) {
        var x0 = Math.floor((it.x - it.r) / cell), x1 = Math.floor((it.x + it.r) / cell);
        var y0 = Math.floor((it.y - it.r) / cell), y1 = Math.floor((it.y + it.r) / cell);
        for (var gx = x0; gx <= x1; gx++) {
          for (var gy = y0; gy <= y1; gy++) {
            var key = gx * 100003 + gy, list = grid.get(key);
            if (!list) { list = []; grid.set(key, list); }
            list.push(it);
          }
        }
      }
      if (this._items) { this._items.forEach(add); }
      else {
        for (var k = 0; k < P.n; k++) {
          add({ x: P.x[k], y: P.y[k], r: d.r ? d.r[P.i[k]] : r0, count: 1, members: [P.i[k]] });
        }
      }
      this._grid = grid;
      return grid;
    },
    _nearest: function (e) {
      var p = e.containerPoint, best = null, bestD = Infinity, cell = this._cell;
      (this._hits().get(Math.floor(p.x / cell) * 100003 + Math.floor(p.y / cell)) || []).forEach(function (it) {
        var d2 = (it.x - p.x) * (it.x - p.x) + (it.y - p.y) * (it.y - p.y);
        var reach = Math.max(it.r, 12) + 2; /* a tap target of at least 24 px */
        if (d2 <= reach * reach && d2 < bestD) { bestD = d2; best = it; }
      });
      return best;
    },
    _hover: function (e) {
      var it = this._nearest(e), map = this._map;
      if (!it || (it.count === 1 && (!this._d.t || this._d.t[it.members[0]] === null))) { if (this._tip) { map.closeTooltip(this._tip); this._tip = null; } return; }
      var text = it.count === 1 ? esc(nameText(map, this._d, it.members[0])) : esc(say(map, "clickToZoom", { n: it.count.toLocaleString("en") }));
      if (!this._tip) { this._tip = L.tooltip({ direction: "top" }); }
      this._tip.setLatLng(map.containerPointToLatLng([it.x, it.y])).setContent(text);
      map.openTooltip(this._tip);
    },
    _click: function (e) {
      var it = this._nearest(e), self = this, map = this._map, st = state(map);
      if (!it) { return; }
      st.claimed = true; /* the layers below leave this click to the points */
      setTimeout(function () { st.claimed = false; }, 0);
      var last = lastZoom(map);
      if (it.count > 1 && map.getZoom() < last) {
        var b = L.latLngBounds(it.members.map(function (i) { return [self._xy.lat[i], self._xy.lon[i]]; }));
        var z = Math.min(last, Math.max(map.getZoom() + 1, map.getBoundsZoom(b)));
        map.setView(b.getCenter(), z);
        return;
      }
      /* After the click has reached the vector layers below: the point's popup wins. */
      setTimeout(function () {
        var at = map.containerPointToLatLng([it.x, it.y]);
        var html = it.count === 1 ? compactPopup(map, self._d, it.members[0]) : clusterList(map, self._d, it.members, at);
        L.popup({ maxWidth: 380 }).setLatLng(at).setContent(html).openOn(map);
      }, 0);
    },
    count: function () { return this._idx.length; }
  });
  ftzgeo.PointCloud = PointCloud;

  /* The deepest zoom: the tiles' (a map with no tiles has none, so 18, as OpenStreetMap's). */
  function lastZoom(map) {
    var z = map.getMaxZoom();
    return isFinite(z) ? z : 18;
  }

  /* The points of a cluster at the last zoom, LIST_MAX at a time ("more" appends the next
     ones, so every point can be reached); each entry opens that point's popup. */
  function clusterList(map, d, members, at) {
    var box = document.createElement("div"), shown = 0;
    var head = document.createElement("b");
    head.textContent = say(map, "pointsHere", { n: members.length.toLocaleString("en") });
    box.appendChild(head);
    var ul = L.DomUtil.create("ul", "ftz-list", box);
    var more = L.DomUtil.create("a", "ftz-more", box);
    more.href = "#";
    function page() {
      members.slice(shown, shown + LIST_MAX).forEach(function (i, k) {
        var a = L.DomUtil.create("a", "ftz-pick", L.DomUtil.create("li", "", ul));
        a.href = "#";
        a.textContent = nameText(map, d, i) || "point " + (shown + k + 1);
        L.DomEvent.on(a, "click", function (ev) {
          L.DomEvent.preventDefault(ev);
          L.popup({ maxWidth: 380 }).setLatLng(at).setContent(compactPopup(map, d, i)).openOn(map);
        });
      });
      shown = Math.min(members.length, shown + LIST_MAX);
      more.textContent = say(map, "showMore", { k: Math.min(LIST_MAX, members.length - shown), n: (members.length - shown).toLocaleString("en") });
      more.style.display = shown < members.length ? "block" : "none";
    }
    L.DomEvent.on(more, "click", function (ev) { L.DomEvent.preventDefault(ev); page(); });
    page();
    return box;
  }

  /* Lat/lng arrays per feature: a line's vertices, or a (multi)polygon's parts and rings. */
  function compactShapes(d, xy) {
    var out = [], v = 0, r = 0, p = 0;
    function ring(n) { var pts = []; for (var k = 0; k < n; k++, v++) { pts.push([xy.lat[v], xy.lon[v]]); } return pts; }
    for (var f = 0; f < d.n; f++) {
      if (d.k === "lines") { out.push(ring(d.len[f])); continue; }
      var parts = [];
      for (var a = 0; a < d.parts[f]; a++, p++) {
        var rings = [];
        for (var b = 0; b < d.rings[p]; b++, r++) { rings.push(ring(d.len[r])); }
        parts.push(rings);
      }
      out.push(parts.length === 1 ? parts[0] : parts);
    }
    return out;
  }

  function addCompact(map, opts, d) {
    var st = state(map), xy = decodeXY(d), layer, entry;
    /* A popup column that is the tooltip's names is sent once, as "t". */
    Object.keys(d.cols || {}).forEach(function (c) { if (d.cols[c] === "t") { d.cols[c] = d.t; } });
    if (d.k === "points") {
      layer = new PointCloud(d, xy, opts.cluster);
      if (opts.cluster) { addClusterSwitch(map); }
      entry = { show: function (year) { layer.setIndex(this.timeline ? visibleIndex(d, year) : visibleIndex(d, null)); },
                count: function () { return layer.count(); } };
    } else {
      var renderer = d.k === "polygons" ? null : L.canvas({ padding: 0.2 });
      var shapes = compactShapes(d, xy);
      layer = L.featureGroup();
      entry = {
        show: function (year) {
          layer.clearLayers();
          var idx = this.timeline ? visibleIndex(d, year) : visibleIndex(d, null);
          idx.forEach(function (i) {
            var style = renderer ? L.extend({ renderer: renderer }, d.s) : L.extend({}, d.s);
            if (d.c) { style.color = style.fillColor = d.pal[d.c[i]]; }
            if (d.r) { style.weight = d.r[i]; }
            var shape = d.k === "polygons" ? L.polygon(shapes[i], style) : L.polyline(shapes[i], style);
            var name = nameHtml(map, d.t, d.t2, i);
            if (name !== null) { shape.bindTooltip(name, { sticky: true }); }
            shape._ftzKey = opts.key;
            popupOnClick(map, shape, function () { return compactPopup(map, d, i); }, name);
            layer.addLayer(shape);
            if (d.lb && d.lb.t[i] !== null) {
              var tip = L.tooltip({ permanent: true, direction: "center", className: "ftz-label ftz-label-" + (opts.key || "user") })
                .setLatLng([d.lb.y[i], d.lb.x[i]]).setContent(nameHtml(map, d.lb.t, d.lb.t2, i));
              tip._ftzRank = d.lb.r[i]; tip._ftzZoom = d.lb.z[i]; tip._ftzSeq = labelSeq++;
              layer.addLayer(tip);
              watchLabels(map);
            }
          });
        },
        count: function () { return layer.getLayers().filter(function (l) { return !(l instanceof L.Tooltip); }).length; }
      };
    }
    entry.name = opts.name; entry.key = opts.key; entry.group = opts.group; entry.layer = layer;
    entry.nameKey = opts.nameKey; entry.groupKey = opts.groupKey;
    entry.data = d; entry.timeline = opts.timeline !== false;
    entry.show(st.year);
    if (opts.attribution) { layer.options.attribution = opts.attribution; } /* escaped by ftzgeo */
    if (opts.show !== false) { layer.addTo(map); }
    st.layers.push(entry);
    if (st.control) { st.control.addOverlay(layer, overlayLabel(map, entry)); }
    return layer;
  }

  /* One switch per map for every clustered layer: grouped (default) or every point. */
  function addClusterSwitch(map) {
    var st = state(map);
    if (st.clusterSwitch) { return st.clusterSwitch; }
    var Control = L.Control.extend({
      options: { position: "topleft" },
      onAdd: function () {
        var div = L.DomUtil.create("div", "ftz-cluster-switch leaflet-bar");
        var label = L.DomUtil.create("label", "", div);
        var box = L.DomUtil.create("input", "", label);
        box.type = "checkbox"; box.checked = true;
        var words = document.createTextNode(" " + say(map, "group"));
        label.appendChild(words);
        onLang(map, function () { words.textContent = " " + say(map, "group"); });
        L.DomEvent.disableClickPropagation(div);
        L.DomEvent.on(box, "change", function () {
          st.layers.forEach(function (e) { if (e.layer.setClustered) { e.layer.setClustered(box.checked); } });
        });
        return div;
      }
    });
    st.clusterSwitch = new Control().addTo(map);
    return st.clusterSwitch;
  }

  /* A layer's name in the layer control, in the page's current language. */
  function overlayLabel(map, entry) {
    var span = document.createElement("span");
    span.textContent = entry.nameKey ? word(map, entry.nameKey) : entry.name;
    span.className = "ftz-overlay";
    span.setAttribute("data-group", entry.groupKey ? word(map, entry.groupKey) : (entry.group || ""));
    return span.outerHTML;
  }
  /* After a language switch: the control's layer names anew, its other words turned. */
  function relabelControl(map) {
    var st = state(map), ctl = st.control;
    ctl._layers.forEach(function (item) {
      st.layers.forEach(function (e) { if (e.layer === item.layer) { item.name = overlayLabel(map, e); } });
    });
    ctl._update();
  }

  ftzgeo.setYear = function (map, year) {
    var st = state(map);
    st.year = year;
    st.layers.forEach(function (e) { e.show(year); });
    map.fire("ftzgeo:year", { year: year });
  };

  ftzgeo.addYearSlider = function (map, opts) {
    var st = state(map);
    var Control = L.Control.extend({
      options: { position: "bottomleft" },
      onAdd: function () {
        var div = L.DomUtil.create("div", "ftz-slider leaflet-bar");
        var label = L.DomUtil.create("label", "ftz-slider-label", div);
        var input = L.DomUtil.create("input", "ftz-slider-input", div);
        input.type = "range";
        input.min = String(opts.min);
        input.max = String(opts.max + 1);
        input.step = "1";
        input.setAttribute("aria-label", "year");
        function text(v) { return v > opts.max ? (opts.allLabel || say(map, "all")) : say(map, "asOf", { y: v }); }
        onLang(map, function () { label.textContent = text(parseInt(input.value, 10)); });
        function apply() {
          var v = parseInt(input.value, 10);
          label.textContent = text(v);
          ftzgeo.setYear(map, v > opts.max ? null : v);
        }
        input.value = String(opts.value === null || opts.value === undefined ? opts.max + 1 : opts.value);
        L.DomEvent.disableClickPropagation(div);
        L.DomEvent.disableScrollPropagation(div);
        L.DomEvent.on(input, "input change", apply);
        this._input = input;
        apply();
        return div;
      }
    });
    st.slider = new Control().addTo(map);
    return st.slider;
  };

  /* A small screen (a phone, a narrow notebook cell): panels start collapsed. */
  function small(map) { var s = map.getSize(); return s.x < 700 || s.y < 560; }
  ftzgeo.small = small;

  ftzgeo.addLegend = function (map, html) {
    var Control = L.Control.extend({
      options: { position: "bottomright" },
      onAdd: function () {
        var div = L.DomUtil.create("div", "ftz-legend leaflet-bar");
        var button = L.DomUtil.create("button", "ftz-legend-toggle", div);
        button.type = "button";
        button.textContent = say(map, "legend");
        onLang(map, function () { button.textContent = say(map, "legend"); });
        var body = L.DomUtil.create("div", "ftz-legend-body", div);
        body.innerHTML = html; /* built and escaped by ftzgeo in Python */
        function set(open) {
          L.DomUtil[open ? "removeClass" : "addClass"](div, "ftz-collapsed");
          button.setAttribute("aria-expanded", open ? "true" : "false");
        }
        set(!small(map));
        L.DomEvent.on(button, "click", function () { set(L.DomUtil.hasClass(div, "ftz-collapsed")); });
        L.DomEvent.disableClickPropagation(div);
        L.DomEvent.disableScrollPropagation(div);
        return div;
      }
    });
    return new Control().addTo(map);
  };

  ftzgeo.addFullscreen = function (map) {
    var Control = L.Control.extend({
      options: { position: "topleft" },
      onAdd: function () {
        var a = L.DomUtil.create("a", "ftz-fullscreen leaflet-bar-part", L.DomUtil.create("div", "leaflet-bar"));
        a.href = "#"; a.title = say(map, "fullScreen"); a.setAttribute("role", "button");
        a.setAttribute("aria-label", a.title);
        onLang(map, function () { a.title = say(map, "fullScreen"); a.setAttribute("aria-label", a.title); });
        a.innerHTML = '<svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true"><path d="M1 6V1h5M10 1h5v5M15 10v5h-5M6 15H1v-5" fill="none" stroke="#222" stroke-width="2"/></svg>';
        L.DomEvent.on(a, "click", function (e) {
          L.DomEvent.preventDefault(e);
          var el = map.getContainer();
          if (document.fullscreenElement) { document.exitFullscreen(); }
          else if (el.requestFullscreen) { el.requestFullscreen(); }
        });
        document.addEventListener("fullscreenchange", function () { map.invalidateSize(); });
        return a.parentNode;
      }
    });
    return new Control().addTo(map);
  };

  /* The first view (called last, with animate off), clear of the panels that start open (legend, layer control on the
     right; zoom, full-screen and language buttons on the left; the slider below): what it
     frames is not hidden under them. Panels that would leave less than half the map are
     ignored (on a small screen they start collapsed anyway). */
  ftzgeo.fitView = function (map, bounds) {
    var c = map.getContainer(), cr = c.getBoundingClientRect(), size = map.getSize();
    var right = 0, left = 0, bottom = 0;
    [".ftz-legend:not(.ftz-collapsed)", ".leaflet-control-layers-expanded"].forEach(function (sel) {
      var el = c.querySelector(sel), b = el && el.getBoundingClientRect();
      if (b && b.width) { right = Math.max(right, cr.right - b.left); }
    });
    var tl = c.querySelector(".leaflet-top.leaflet-left"), lb = tl && tl.getBoundingClientRect();
    if (lb && lb.width) { left = lb.right - cr.left; }
    var sl = c.querySelector(".ftz-slider"), sb = sl && sl.getBoundingClientRect();
    if (sb && sb.height) { bottom = cr.bottom - sb.top; }
    if (left + right > size.x / 2) { left = right = 0; }
    if (bottom > size.y / 3) { bottom = 0; }
    map.fitBounds(bounds, { paddingTopLeft: [left + 8, 8], paddingBottomRight: [right + 8, bottom + 8], animate: false });
  };

  ftzgeo.addControls = function (map, bases) {
    var st = state(map);
    var overlays = {};
    st.layers.forEach(function (e) { overlays[overlayLabel(map, e)] = e.layer; });
    var ctl = L.control.layers(bases, overlays, { collapsed: small(map), position: "topright" });
    /* The control rebuilds its list from the names it was given (built in lang0): turn it. */
    var update = ctl._update;
    ctl._update = function () {
      var out = update.apply(this, arguments);
      if (this._container && st.lang !== st.lang0) { translate(map, this._container, st.lang0, st.lang); }
      return out;
    };
    st.control = ctl.addTo(map);
    var toggle = ctl.getContainer().querySelector(".leaflet-control-layers-toggle");
    function titled() { if (toggle) { toggle.title = say(map, "layers"); toggle.setAttribute("aria-label", toggle.title); } }
    titled(); onLang(map, titled);
    return st.control;
  };
})();
