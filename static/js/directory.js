// Clinic maps on therapist profiles. Progressive enhancement: without this file (or without
// Leaflet) the clinics are still listed as text addresses; the map only adds a picture of them.
//
// The CSP forbids inline scripts, so each map reads its configuration from the page:
//   <div class="clinic-map" data-markers="ID" data-tile-url="…" data-attribution="…"></div>
//   <script type="application/json" id="ID">[{"name": …, "lat": …, "lng": …, "address": …}]</script>
(function () {
  "use strict";

  function readMarkers(container) {
    var source = document.getElementById(container.dataset.markers || "");
    if (!source) return [];
    try {
      var markers = JSON.parse(source.textContent);
      return Array.isArray(markers) ? markers.filter(function (m) {
        return typeof m.lat === "number" && typeof m.lng === "number";
      }) : [];
    } catch (error) {
      return [];
    }
  }

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
    var map = window.L.map(container, { scrollWheelZoom: false });
    window.L.tileLayer(container.dataset.tileUrl, {
      maxZoom: 19,
      attribution: container.dataset.attribution || "",
    }).addTo(map);
    var points = markers.map(function (marker) {
      var point = [marker.lat, marker.lng];
      window.L.marker(point, { title: marker.name || "", alt: marker.name || "Clinic" })
        .addTo(map)
        .bindPopup(popupContent(marker));
      return point;
    });
    if (points.length === 1) {
      map.setView(points[0], 14);
    } else {
      map.fitBounds(points, { padding: [24, 24], maxZoom: 14 });
    }
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
