// Starts Swagger UI for /api/docs (templates/ninja/swagger.html), as django-ninja's swagger-ui-init.js does, with
// deep links off: Swagger UI puts each operation's deep link inside the button that expands it, which is a nested
// interactive control and a target smaller than 24 pixels (WCAG 2.2 4.1.2 and 2.5.8).
const csrfSettings = document.body.dataset;
const config = JSON.parse(document.getElementById("swagger-settings").textContent);

config.dom_id = "#swagger-ui";
config.deepLinking = false;
config.presets = [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset];
if (csrfSettings.apiCsrf && csrfSettings.csrfToken) {
  config.requestInterceptor = (request) => {
    request.headers["X-CSRFToken"] = csrfSettings.csrfToken;
    return request;
  };
}
// Swagger UI titles the page with an <h1> and each group of operations with an <h3>: a heading that says what
// follows keeps the outline in order (WCAG 2.2 1.3.1).
config.onComplete = () => {
  const firstGroup = document.querySelector("#swagger-ui .opblock-tag-section");
  if (!firstGroup || document.getElementById("app-operations-heading")) return;
  const heading = document.createElement("h2");
  heading.id = "app-operations-heading";
  heading.className = "app-api-docs__heading";
  heading.textContent = "Operations";
  firstGroup.parentElement.insertBefore(heading, firstGroup);
};
SwaggerUIBundle(config);

// As operations are expanded: each table of responses is a region, named after its operation so that regions can
// be told apart (WCAG 2.2 1.3.1), and examples that scroll sideways can be scrolled from the keyboard (2.1.1).
function label(root) {
  for (const table of root.querySelectorAll("table[role='region']:not([aria-label])")) {
    const operation = table.closest(".opblock");
    const method = operation?.querySelector(".opblock-summary-method")?.textContent || "";
    const path = operation?.querySelector(".opblock-summary-path")?.textContent || "";
    table.setAttribute("aria-label", `Responses of ${method} ${path}`.replace(/\s+/g, " ").trim());
  }
  for (const example of root.querySelectorAll("pre.microlight:not([tabindex])")) {
    example.setAttribute("tabindex", "0");
  }
}
new MutationObserver(() => label(document.getElementById("swagger-ui"))).observe(document.getElementById("swagger-ui"), {
  childList: true,
  subtree: true,
});
