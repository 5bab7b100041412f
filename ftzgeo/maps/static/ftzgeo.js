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
      var html = '<svg width="18" height="18" viewBox="0 0 18 18">' + shapeSvg(s) + "</svg>";
      return L.marker(latlng, {
        icon: L.divIcon({ html: html, className: "ftz-icon", iconSize: [18, 18], iconAnchor: [9, 9] }),
        keyboard: false
      });
    }
    return L.circleMarker(latlng, s);
  }

  function shapeSvg(s) {
    var stroke = ' stroke="' + s.color + '" stroke-width="2" fill="' + s.fillColor + '"';
    var out = "";
    if (s.shape.indexOf("square") >= 0) { out += '<rect x="4" y="4" width="10" height="10"' + stroke + "/>"; }
    if (s.shape.indexOf("circle") >= 0) { out += '<circle cx="9" cy="9" r="5"' + stroke + "/>"; }
    if (s.shape.indexOf("ring") >= 0) { out += '<circle cx="9" cy="9" r="8" stroke="#e6550d" stroke-width="2" fill="none"/>'; }
    return out;
  }
  ftzgeo.shapeSvg = shapeSvg;

  ftzgeo.addLayer = function (map, opts, data) {
    var st = state(map);
    var gj = L.geoJSON(null, {
      attribution: opts.attribution || null, /* escaped by ftzgeo */
      style: function (f) { return f.properties._s || {}; },
      pointToLayer: marker,
      onEachFeature: function (f, layer) {
        if (f.properties._t) { layer.bindTooltip(f.properties._t, { sticky: true }); }
        if (f.properties._p) { layer.bindPopup(f.properties._p, { maxWidth: 380 }); }
      }
    });
    var entry = {
      name: opts.name, key: opts.key, group: opts.group, layer: gj, data: data,
      timeline: opts.timeline !== false,
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
