// The profile form, enhanced. Without this file everything still works: the server places each
// clinic after saving and says so, clinics are ordered by their number fields, and saving offers a
// blank clinic form for one more.
(function () {
  "use strict";
  var form = document.querySelector(".profile-form");
  if (!form) return;
  var geocodeUrl = form.getAttribute("data-geocode-url");
  var list = form.querySelector("[data-clinic-list]");
  var template = form.querySelector("template[data-clinic-template]");
  var totalForms = form.querySelector('input[name="clinics-TOTAL_FORMS"]');

  function field(clinic, name) {
    return clinic.querySelector('[name$="-' + name + '"]');
  }

  // --- Live geocoding feedback ---------------------------------------------------------------
  function addressOf(clinic) {
    var city = field(clinic, "city"), region = field(clinic, "region"), postcode = field(clinic, "postcode");
    var country = field(clinic, "country");
    var text = [city && city.value, region && region.value].filter(Boolean).join(", ");
    if (postcode && postcode.value && country && country.value === "US") text = postcode.value;
    return { text: text.trim(), country: country ? country.value : "" };
  }

  function checkAddress(clinic) {
    var status = clinic.querySelector("[data-geocode-status]");
    var address = addressOf(clinic);
    if (!status) return;
    if (!address.text) { status.textContent = ""; return; }
    var url = geocodeUrl + "?q=" + encodeURIComponent(address.text) + "&country=" + encodeURIComponent(address.country);
    status.textContent = "Looking up this address…";
    status.className = "geocode-status";
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); })
      .then(function (result) {
        status.textContent = result.message;
        status.className = "geocode-status " + (result.found ? "geocode-status--found" : "geocode-status--missing");
      })
      .catch(function () { status.textContent = ""; });
  }

  var timers = new WeakMap();
  form.addEventListener("input", function (event) {
    var clinic = event.target.closest("[data-clinic]");
    if (!clinic || !/-(city|region|postcode|country)$/.test(event.target.name)) return;
    clearTimeout(timers.get(clinic));
    timers.set(clinic, setTimeout(function () { checkAddress(clinic); }, 500));
  });

  // --- Reorder with buttons (writes the same ORDER numbers the no-JS form uses) ---------------
  function renumber() {
    Array.prototype.forEach.call(list.querySelectorAll("[data-clinic]"), function (clinic, index) {
      var order = field(clinic, "ORDER");
      if (order) order.value = index + 1;
    });
  }

  function addMoveButtons(clinic) {
    var controls = clinic.querySelector(".clinic__controls");
    if (!controls || controls.querySelector(".clinic-move")) return;
    [["up", "Move up"], ["down", "Move down"]].forEach(function (pair) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "clinic-move";
      button.setAttribute("data-move", pair[0]);
      button.textContent = pair[1];
      controls.appendChild(button);
    });
  }

  list.addEventListener("click", function (event) {
    var button = event.target.closest("[data-move]");
    if (!button) return;
    var clinic = button.closest("[data-clinic]");
    if (button.getAttribute("data-move") === "up" && clinic.previousElementSibling) {
      list.insertBefore(clinic, clinic.previousElementSibling);
    } else if (button.getAttribute("data-move") === "down" && clinic.nextElementSibling) {
      list.insertBefore(clinic.nextElementSibling, clinic);
    }
    renumber();
    button.focus();
  });

  Array.prototype.forEach.call(list.querySelectorAll("[data-clinic]"), addMoveButtons);

  // --- Add a clinic without saving first -------------------------------------------------------
  if (template && totalForms) {
    var add = document.createElement("button");
    add.type = "button";
    add.className = "button button--secondary";
    add.textContent = "Add another clinic";
    add.addEventListener("click", function () {
      var index = parseInt(totalForms.value, 10);
      var html = template.innerHTML.replace(/__prefix__/g, String(index));
      var holder = document.createElement("div");
      holder.innerHTML = html.trim();
      var clinic = holder.firstElementChild;
      list.appendChild(clinic);
      totalForms.value = String(index + 1);
      addMoveButtons(clinic);
      renumber();
      var first = clinic.querySelector("input, select, textarea");
      if (first) first.focus();
    });
    list.parentNode.insertBefore(add, list.nextSibling);
  }
})();
