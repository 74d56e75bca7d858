// Maps: the clinic map on therapist profiles, and the base that the search results map
// (results_map.js) builds on, so both use one tile layer, one set of options and one way to fit.
// Progressive enhancement: without this file (or without Leaflet) the clinics are still listed as
// text addresses; the map only adds a picture of them.
//
// The CSP forbids inline scripts, so each map reads its configuration from the page:
//   <div class="clinic-map" data-markers="ID" data-tile-url="…" data-attribution="…"></div>
//   <script type="application/json" id="ID">[{"name": …, "lat": …, "lng": …, "address": …}]</script>
(function () {
  "use strict";

  function isPoint(marker) {
    return !!marker && typeof marker.lat === "number" && typeof marker.lng === "number";
  }

  // The JSON named by the container's data-markers, or null when missing or unreadable.
  function readData(container) {
    var source = document.getElementById(container.dataset.markers || "");
    if (!source) return null;
    try {
      return JSON.parse(source.textContent);
    } catch (error) {
      return null;
    }
  }

  function readMarkers(container) {
    var markers = readData(container);
    return Array.isArray(markers) ? markers.filter(isPoint) : [];
  }

  // A Leaflet map in the container with the site's tile layer (data-tile-url, data-attribution).
  function baseMap(container, options) {
    var map = window.L.map(container, Object.assign({ scrollWheelZoom: false }, options || {}));
    window.L.tileLayer(container.dataset.tileUrl, {
      maxZoom: 19,
      attribution: container.dataset.attribution || "",
    }).addTo(map);
    return map;
  }

  // Show every [lat, lng] point: a street-level view of one, the smallest view holding several.
  function fit(map, points) {
    if (points.length === 1) {
      map.setView(points[0], 14);
    } else {
      map.fitBounds(points, { padding: [24, 24], maxZoom: 14 });
    }
  }

  window.RelieveMaps = { isPoint: isPoint, readData: readData, baseMap: baseMap, fit: fit };

  function popupContent(marker) {
    // Built from text nodes, never innerHTML: clinic names are typed by people.
    var wrapper = document.createElement("div");
    var name = document.createElement("strong");
    name.textContent = marker.name || "";
    wrapper.appendChild(name);
    if (marker.address) {
      wrapper.appendChild(document.createElement("br"));
      wrapper.appendChild(document.createTextNode(marker.address));
    }
    return wrapper;
  }

  function initMap(container) {
    var markers = readMarkers(container);
    if (!markers.length || !window.L) return;
    container.hidden = false;
    var map = baseMap(container);
    fit(map, markers.map(function (marker) {
      var point = [marker.lat, marker.lng];
      window.L.marker(point, { title: marker.name || "", alt: marker.name || "Clinic" })
        .addTo(map)
        .bindPopup(popupContent(marker));
      return point;
    }));
  }

  function init() {
    document.querySelectorAll(".clinic-map[data-markers]").forEach(initMap);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
