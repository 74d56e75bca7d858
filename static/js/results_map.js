// The map of the directory search results, in step with the list. Progressive enhancement: the
// list (templates/search/directory_search.html) is the page; without JavaScript or Leaflet the map
// stays hidden and nothing else changes.
//
// Reads templates/search/includes/results_map.html: the page's hits as JSON
//   {"hits": [{"id": …, "name": …, "points": [{"lat": …, "lng": …, "city": …}]}],
//    "place": {"lat": …, "lng": …, "radius_km": …, "label": …} or null}
// and pairs each hit with the list item carrying the same data-therapist-id. Pointing at or
// focusing either one highlights both; choosing a marker (click, Enter or Space) moves focus to
// its list item. Beside the list on wide screens; behind a "Show map" button on narrow ones, so a
// phone shows the first result where it would without the map.
(function () {
  "use strict";

  var maps = window.RelieveMaps;
  var root = document.querySelector("[data-results-map]");
  if (!root || !maps || !window.L) return;
  var canvas = root.querySelector(".results-map__canvas");
  var data = canvas && maps.readData(canvas);
  if (!data || !Array.isArray(data.hits)) return;
  var located = []; // [hit, point] pairs, in list order
  data.hits.forEach(function (hit) {
    (Array.isArray(hit.points) ? hit.points : []).filter(maps.isPoint).forEach(function (point) {
      located.push([hit, point]);
    });
  });
  if (!located.length) return;

  var L = window.L;
  var toggle = document.querySelector("[data-results-map-toggle]");
  var wide = window.matchMedia("(min-width: 64rem)");
  var layout = root.parentElement; // .search-layout: the filters, the list and the map
  var map = null;
  var markersById = {};
  var markers = []; // in list order: the arrow keys follow the list
  var focusable = 0; // the one marker in the tab order (a roving tabindex: one Tab stop for the map)

  function listItem(id) {
    return document.querySelector('[data-therapist-id="' + Number(id) + '"]');
  }

  function hasFocus(id) {
    var item = listItem(id);
    return !!item && item.contains(document.activeElement);
  }

  // One therapist stands out at a time, on the map and in the list.
  var active = null;
  function mark(id, on) {
    (markersById[id] || []).forEach(function (marker) {
      var icon = marker.getElement();
      if (icon) icon.classList.toggle("is-active", on);
      marker.setZIndexOffset(on ? 1000 : 0);
    });
    var item = listItem(id);
    if (item) item.classList.toggle("is-map-active", on);
  }
  function highlight(id, on) {
    id = String(id);
    if (on && active !== id) {
      if (active !== null) mark(active, false);
      active = id;
      mark(id, true);
    } else if (!on && active === id) {
      mark(id, false);
      active = null;
    }
  }

  function goToListItem(id) {
    var item = listItem(id);
    if (!item) return;
    if (!item.hasAttribute("tabindex")) item.tabIndex = -1; // focusable by script, not a Tab stop
    item.scrollIntoView({ block: "center" });
    item.focus({ preventScroll: true });
  }

  function focusMarker(index) {
    var next = (index + markers.length) % markers.length;
    markers[focusable].getElement().tabIndex = -1;
    focusable = next;
    var icon = markers[next].getElement();
    icon.tabIndex = 0;
    icon.focus();
  }

  function onMarkerKey(index, id, event) {
    var moves = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 };
    if (event.key in moves) {
      focusMarker(index + moves[event.key]);
    } else if (event.key === "Home" || event.key === "End") {
      focusMarker(event.key === "Home" ? 0 : markers.length - 1);
    } else if (event.key === "Enter" || event.key === " ") {
      goToListItem(id);
    } else {
      return;
    }
    event.preventDefault(); // no page scroll, and no second "click" from Leaflet's own Enter handling
  }

  function addMarker(hit, point) {
    var label = hit.name + (point.city ? ", " + point.city : "");
    var marker = L.marker([point.lat, point.lng], { title: label, alt: label, keyboard: true }).addTo(map);
    var index = markers.length;
    markers.push(marker);
    (markersById[hit.id] = markersById[hit.id] || []).push(marker);
    marker.on("click", function () { goToListItem(hit.id); });
    marker.on("mouseover", function () { highlight(hit.id, true); });
    marker.on("mouseout", function () { if (!hasFocus(hit.id)) highlight(hit.id, false); });
    var icon = marker.getElement();
    icon.tabIndex = index === 0 ? 0 : -1;
    icon.addEventListener("focus", function () { highlight(hit.id, true); });
    icon.addEventListener("blur", function () { highlight(hit.id, false); });
    icon.addEventListener("keydown", function (event) { onMarkerKey(index, hit.id, event); });
  }

  function build() {
    // Keyboard panning would add a Tab stop before the markers; the list is the way through.
    map = maps.baseMap(canvas, { keyboard: false });
    var place = maps.isPoint(data.place) ? data.place : null;
    // The view first (Leaflet draws markers only once the map has one), holding the page's results
    // and the searched place, not the whole circle: a 500 km radius would zoom out past every marker.
    var bounds = located.map(function (pair) { return [pair[1].lat, pair[1].lng]; });
    if (place) bounds.push([place.lat, place.lng]);
    maps.fit(map, bounds);
    if (place) {
      L.circle([place.lat, place.lng], {
        radius: place.radius_km * 1000, interactive: false, className: "results-map__radius",
        color: "#0b6e4f", weight: 2, fillOpacity: 0.06,
      }).addTo(map);
      L.circleMarker([place.lat, place.lng], {
        radius: 5, interactive: false, className: "results-map__place",
        color: "#0b6e4f", fillColor: "#fff", fillOpacity: 1, weight: 3,
      }).addTo(map);
    }
    located.forEach(function (pair) { addMarker(pair[0], pair[1]); });
  }

  function show() {
    if (map) {
      map.invalidateSize(); // it had no size while hidden
    } else {
      build();
    }
  }

  function isShown() {
    return wide.matches || root.classList.contains("is-open");
  }

  // The list drives the map: the therapist pointed at or focused in the list stands out on it.
  var mapped = {};
  data.hits.forEach(function (hit) { mapped[hit.id] = true; });
  document.querySelectorAll("[data-therapist-id]").forEach(function (item) {
    var id = item.getAttribute("data-therapist-id");
    if (!mapped[id]) return;
    item.addEventListener("mouseenter", function () { if (map && isShown()) highlight(id, true); });
    item.addEventListener("mouseleave", function () { if (!hasFocus(id)) highlight(id, false); });
    item.addEventListener("focusin", function () {
      if (!map || !isShown()) return;
      highlight(id, true);
      map.panInside(markersById[id][0].getLatLng(), { padding: [24, 24] });
    });
    item.addEventListener("focusout", function (event) {
      if (!item.contains(event.relatedTarget)) highlight(id, false);
    });
  });

  if (toggle) {
    toggle.hidden = false;
    toggle.addEventListener("click", function () {
      var open = !root.classList.contains("is-open");
      root.classList.toggle("is-open", open);
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      toggle.textContent = open ? "Hide map" : "Show map";
      if (open) show();
    });
  }
  // Reading order follows what the eye sees: on a wide screen the map comes after the list it stands
  // beside; on a narrow one it opens under its button, before the list.
  function arrange() {
    if (wide.matches) {
      layout.appendChild(root);
    } else if (toggle) {
      toggle.insertAdjacentElement("afterend", root);
    }
    if (isShown()) show();
  }

  root.hidden = false;
  layout.classList.add("has-results-map"); // search.css lays the map out beside or above the list
  arrange();
  wide.addEventListener("change", arrange);
})();
