// Starts GOV.UK Frontend and MOJ Frontend components. Loaded as a module from a static file, so the
// Content Security Policy needs no 'unsafe-inline'. Module scripts run after the document is parsed.
import { initAll as initGovukFrontend } from "./govuk-frontend.min.js";
import { initAll as initMojFrontend } from "./moj-frontend.min.js";
import { initConditionalReveals } from "./conditional-reveal.js";
import { initTimeoutWarning } from "./timeout-warning.js";

initGovukFrontend();
initMojFrontend();
initConditionalReveals();
initTimeoutWarning();

// Content that htmx swaps into the page gets its components started too. htmx also fires htmx:load for the
// body when it first starts; that is skipped because everything in it was started above.
document.addEventListener("htmx:load", (event) => {
  const element = event.detail && event.detail.elt;
  if (!(element instanceof HTMLElement) || element === document.body) return;
  initGovukFrontend(element);
  initMojFrontend(element);
  initConditionalReveals(element);
});
