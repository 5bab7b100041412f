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
        icon: L.divIcon({ html: shapeSvg(s), className: "ftz-icon", iconSize: [18, 18], iconAnchor: [9, 9] }),
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

  ftzgeo.addLayer = function (map, opts, data) {
    if (data && data.f === "ftz1") { return addCompact(map, opts, data); }
    var st = state(map);
    var gj = L.geoJSON(null, {
      attribution: opts.attribution || null, /* escaped by ftzgeo */
      style: function (f) { return f.properties._s || {}; },
      pointToLayer: marker,
      onEachFeature: function (f, layer) {
        if (f.properties._l) {
          layer.bindTooltip(f.properties._l, { permanent: true, direction: "right", className: "ftz-label", offset: [8, 0] });
        } else if (f.properties._t) { layer.bindTooltip(f.properties._t, { sticky: true }); }
        if (f.properties._p) { layer.bindPopup(f.properties._p, { maxWidth: 380 }); }
      }
    });
    var entry = {
      name: opts.name, key: opts.key, group: opts.group, layer: gj, data: data,
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
    if (st.control) { st.control.addOverlay(gj, overlayLabel(entry)); }
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

  function compactPopup(d, i) {
    var rows = "";
    (d.fields || []).forEach(function (f) {
      var v = d.cols[f[0]][i];
      if (v !== null && v !== undefined && v !== "") {
        rows += "<tr><th>" + esc(f[1]) + "</th><td>" + esc(v) + "</td></tr>";
      }
    });
    var title = d.t ? "<b>" + esc(d.t[i]) + "</b>" : "";
    return title + "<table>" + rows + "</table>";
  }

  function visibleIndex(d, year) {
    var out = [];
    for (var i = 0; i < d.n; i++) {
      if (!d.st || visible({ _st: d.st[i], _y: d.y ? d.y[i] : null }, year)) { out.push(i); }
    }
    return out;
  }

  /* Points on one canvas, drawn in a single pass: 100k points stay interactive. */
  var PointCloud = L.Layer.extend({
    initialize: function (d, xy) { this._d = d; this._xy = xy; this._idx = []; },
    setIndex: function (idx) { this._idx = idx; if (this._map) { this._redraw(); } },
    onAdd: function (map) {
      this._canvas = L.DomUtil.create("canvas", "ftz-cloud leaflet-zoom-hide");
      /* Its own pane above the vector layers (overlayPane is 400) and below markers (600). */
      var pane = map.getPane("ftzCloud") || map.createPane("ftzCloud");
      pane.style.zIndex = 450;
      pane.appendChild(this._canvas);
      map.on("moveend zoomend resize viewreset", this._redraw, this);
      map.on("mousemove", this._hover, this);
      map.on("preclick", this._click, this); /* preclick: layers below may stop "click" */
      this._redraw();
    },
    onRemove: function (map) {
      L.DomUtil.remove(this._canvas);
      map.off("moveend zoomend resize viewreset", this._redraw, this);
      map.off("mousemove", this._hover, this);
      map.off("preclick", this._click, this);
      if (this._tip) { map.closeTooltip(this._tip); }
    },
    _redraw: function () {
      var map = this._map, size = map.getSize(), c = this._canvas, s = this._d.s;
      var topLeft = map.containerPointToLayerPoint([0, 0]);
      c.style.left = topLeft.x + "px"; c.style.top = topLeft.y + "px";
      c.width = size.x; c.height = size.y;
      var ctx = c.getContext("2d"), r = s.radius || 3, cell = 16, grid = {};
      ctx.fillStyle = s.fillColor || s.color; ctx.strokeStyle = s.color; ctx.lineWidth = s.weight || 1;
      ctx.globalAlpha = s.fillOpacity === undefined ? 0.8 : s.fillOpacity;
      var xy = this._xy, idx = this._idx;
      for (var j = 0; j < idx.length; j++) {
        var i = idx[j];
        var p = map.latLngToContainerPoint([xy.lat[i], xy.lon[i]]);
        if (p.x < -r || p.y < -r || p.x > size.x + r || p.y > size.y + r) { continue; }
        ctx.beginPath(); ctx.arc(p.x, p.y, r, 0, 6.283185307179586); ctx.fill();
        if (s.weight) { ctx.stroke(); }
        var key = Math.floor(p.x / cell) + ":" + Math.floor(p.y / cell);
        (grid[key] = grid[key] || []).push([i, p.x, p.y]);
      }
      this._grid = grid; this._cell = cell; this._r = r;
    },
    _nearest: function (e) {
      var p = e.containerPoint, cell = this._cell, best = null, bestD = (this._r + 3) * (this._r + 3);
      var cx = Math.floor(p.x / cell), cy = Math.floor(p.y / cell);
      for (var dx = -1; dx <= 1; dx++) {
        for (var dy = -1; dy <= 1; dy++) {
          (this._grid[(cx + dx) + ":" + (cy + dy)] || []).forEach(function (q) {
            var d2 = (q[1] - p.x) * (q[1] - p.x) + (q[2] - p.y) * (q[2] - p.y);
            if (d2 <= bestD) { bestD = d2; best = q[0]; }
          });
        }
      }
      return best;
    },
    _hover: function (e) {
      if (!this._d.t) { return; }
      var i = this._nearest(e);
      if (i === null) { if (this._tip) { this._map.closeTooltip(this._tip); this._tip = null; } return; }
      var text = esc(this._d.t[i]);
      var at = [this._xy.lat[i], this._xy.lon[i]];
      if (!this._tip) { this._tip = L.tooltip({ direction: "top" }); }
      this._tip.setLatLng(at).setContent(text);
      this._map.openTooltip(this._tip);
    },
    _click: function (e) {
      var i = this._nearest(e), self = this;
      if (i === null) { return; }
      /* After the click has reached the vector layers below: the point's popup wins. */
      setTimeout(function () {
        L.popup({ maxWidth: 380 }).setLatLng([self._xy.lat[i], self._xy.lon[i]])
          .setContent(compactPopup(self._d, i)).openOn(self._map);
      }, 0);
    },
    count: function () { return this._idx.length; }
  });
  ftzgeo.PointCloud = PointCloud;

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
    if (d.k === "points") {
      layer = new PointCloud(d, xy);
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
            var shape = d.k === "polygons" ? L.polygon(shapes[i], style) : L.polyline(shapes[i], style);
            if (d.t) { shape.bindTooltip(esc(d.t[i]), { sticky: true }); }
            shape.bindPopup(function () { return compactPopup(d, i); }, { maxWidth: 380 });
            layer.addLayer(shape);
          });
        },
        count: function () { return layer.getLayers().length; }
      };
    }
    entry.name = opts.name; entry.key = opts.key; entry.group = opts.group; entry.layer = layer;
    entry.data = d; entry.timeline = opts.timeline !== false;
    entry.show(st.year);
    if (opts.attribution) { layer.options.attribution = opts.attribution; } /* escaped by ftzgeo */
    if (opts.show !== false) { layer.addTo(map); }
    st.layers.push(entry);
    if (st.control) { st.control.addOverlay(layer, overlayLabel(entry)); }
    return layer;
  }

  function overlayLabel(entry) {
    var span = document.createElement("span");
    span.textContent = entry.name;
    span.className = "ftz-overlay";
    span.setAttribute("data-group", entry.group || "");
    return span.outerHTML;
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
        var allLabel = opts.allLabel || "all, incl. planned";
        function text(v) { return v > opts.max ? allLabel : "as of " + v; }
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

  ftzgeo.addLegend = function (map, html) {
    var Control = L.Control.extend({
      options: { position: "bottomright" },
      onAdd: function () {
        var div = L.DomUtil.create("div", "ftz-legend leaflet-bar");
        div.innerHTML = html; /* built and escaped by ftzgeo in Python */
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
        a.href = "#"; a.title = "Full screen"; a.setAttribute("role", "button");
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

  ftzgeo.addControls = function (map, bases) {
    var st = state(map);
    var overlays = {};
    st.layers.forEach(function (e) { overlays[overlayLabel(e)] = e.layer; });
    st.control = L.control.layers(bases, overlays, { collapsed: false, position: "topright" }).addTo(map);
    return st.control;
  };
})();
