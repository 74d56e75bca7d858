// Progressive enhancement only: every page works without this file.
document.documentElement.classList.replace("no-js", "js");

/* Error summary (GOV.UK pattern): after a form comes back with mistakes, focus goes to the list of them,
   and each link puts the cursor in its field with the field's label in view (as do other links to a
   field to correct, marked data-field-link). */
(function () {
  "use strict";
  var summary = document.querySelector("[data-error-summary]");
  if (summary) summary.focus();
  document.addEventListener("click", function (event) {
    var link = event.target.closest("[data-error-summary] a[href^='#'], a[data-field-link][href^='#']");
    if (!link) return;
    var input = document.getElementById(link.getAttribute("href").slice(1));
    if (!input) return;
    event.preventDefault();
    var label = document.querySelector("label[for='" + input.id + "']");
    (label || input).scrollIntoView();
    input.focus({ preventScroll: true });
  });
})();
