/* Search page enhancements. Everything here is optional: the forms work without JavaScript. */
(function () {
  "use strict";

  /* "Use my location": fills hidden lat/lng fields from the browser's geolocation. */
  function setUpLocate(form) {
    var button = form.querySelector("[data-locate]");
    var near = form.querySelector("#id_near");
    var status = form.querySelector("[data-locate-status]");
    if (!button || !near || !("geolocation" in navigator)) return;
    button.hidden = false;
    function field(name) {
      var input = form.querySelector('input[name="' + name + '"]');
      if (!input) {
        input = document.createElement("input");
        input.type = "hidden";
        input.name = name;
        near.parentNode.appendChild(input);
      }
      return input;
    }
    button.addEventListener("click", function () {
      status.textContent = "Finding your location…";
      navigator.geolocation.getCurrentPosition(
        function (position) {
          field("lat").value = position.coords.latitude.toFixed(5);
          field("lng").value = position.coords.longitude.toFixed(5);
          near.value = "";
          near.placeholder = "Your location";
          status.textContent = "Using your location.";
          var sort = form.querySelector("#id_sort");
          if (sort && sort.value === "relevance") sort.value = "distance";
          form.submit();
        },
        function () {
          status.textContent = "Your location is not available. Type a town or postcode instead.";
        },
        { enableHighAccuracy: false, timeout: 10000, maximumAge: 600000 }
      );
    });
    /* Typing a place replaces a previous "my location". */
    near.addEventListener("input", function () {
      ["lat", "lng"].forEach(function (name) {
        var input = form.querySelector('input[name="' + name + '"]');
        if (input) input.parentNode.removeChild(input);
      });
    });
  }

  /* ARIA 1.2 combobox with a listbox popup: arrows move, Enter picks, Escape closes. */
  function setUpAutocomplete(wrapper) {
    var input = wrapper.querySelector("input");
    var url = wrapper.getAttribute("data-autocomplete-url");
    if (!input || !url || !window.fetch) return;
    var listId = input.id + "-suggestions";
    var list = document.createElement("ul");
    list.id = listId;
    list.className = "autocomplete__list";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "Suggestions");
    list.hidden = true;
    wrapper.appendChild(list);
    var live = document.createElement("div");
    live.className = "visually-hidden";
    live.setAttribute("role", "status");
    wrapper.appendChild(live);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);
    var items = [];
    var active = -1;
    var timer = null;
    var latest = 0;

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }
    function highlight(index) {
      var options = list.querySelectorAll("[role=option]");
      options.forEach(function (option, i) { option.setAttribute("aria-selected", i === index ? "true" : "false"); });
      active = index;
      if (index >= 0) {
        input.setAttribute("aria-activedescendant", options[index].id);
        options[index].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }
    function choose(index) {
      var item = items[index];
      if (!item) return;
      window.location.href = item.url;
    }
    function render(suggestions) {
      items = suggestions;
      list.textContent = "";
      suggestions.forEach(function (item, i) {
        var option = document.createElement("li");
        option.id = listId + "-" + i;
        option.className = "autocomplete__option";
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.textContent = item.label;
        var kind = document.createElement("span");
        kind.className = "autocomplete__kind";
        kind.textContent = "(" + item.kind + ")";
        option.appendChild(kind);
        option.addEventListener("mousedown", function (event) { event.preventDefault(); choose(i); });
        list.appendChild(option);
      });
      if (suggestions.length) {
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
        live.textContent = suggestions.length + " suggestion" + (suggestions.length === 1 ? "" : "s") + " available.";
      } else {
        close();
      }
      active = -1;
    }
    input.addEventListener("input", function () {
      clearTimeout(timer);
      var value = input.value.trim();
      if (value.length < 2) { close(); return; }
      timer = setTimeout(function () {
        var ticket = ++latest;
        fetch(url + "?q=" + encodeURIComponent(value), { headers: { Accept: "application/json" } })
          .then(function (response) { return response.ok ? response.json() : []; })
          .then(function (suggestions) { if (ticket === latest) render(suggestions); })
          .catch(function () { close(); });
      }, 150);
    });
    input.addEventListener("keydown", function (event) {
      if (list.hidden) return;
      if (event.key === "ArrowDown") { event.preventDefault(); highlight((active + 1) % items.length); }
      else if (event.key === "ArrowUp") { event.preventDefault(); highlight(active <= 0 ? items.length - 1 : active - 1); }
      else if (event.key === "Enter" && active >= 0) { event.preventDefault(); choose(active); }
      else if (event.key === "Escape") { event.preventDefault(); close(); }
    });
    input.addEventListener("blur", function () { setTimeout(close, 100); });
  }

  /* The filters are a disclosure, closed in the HTML so a phone shows the results first; on a wide
     screen they sit beside the results, so they start open there. */
  if (window.matchMedia("(min-width: 48rem)").matches) {
    document.querySelectorAll("details[data-filters]").forEach(function (details) { details.open = true; });
  }
  document.querySelectorAll("form.search-form").forEach(setUpLocate);
  document.querySelectorAll("[data-autocomplete-url]").forEach(setUpAutocomplete);
  var summary = document.getElementById("error-summary");
  if (summary) summary.focus();
})();
