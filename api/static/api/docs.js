// Starts Swagger UI on the API documentation page, reading the schema URL from the page.
"use strict";

(function () {
  const root = document.getElementById("swagger-ui");
  if (!root || typeof SwaggerUIBundle === "undefined") {
    return;
  }
  window.ui = SwaggerUIBundle({
    url: root.dataset.schemaUrl,
    dom_id: "#swagger-ui",
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    // No deep links: they put a link inside each operation's toggle button (nested controls, tiny targets).
    deepLinking: false,
    validatorUrl: null,
    supportedSubmitMethods: ["get"],
  });
})();
