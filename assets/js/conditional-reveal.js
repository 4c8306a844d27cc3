// Conditional reveals for radios and checkboxes (GOV.UK's "conditionally revealing a related question"), without
// GOV.UK Frontend's own script for them: that script puts aria-expanded on the radio or checkbox, which ARIA does not
// allow on those roles (axe-core: aria-allowed-attr, critical; govuk-frontend issue #979).
//
// Markup: the group carries data-app-conditional-reveal, and each input whose answer has a follow-up carries
// data-app-reveals="<id of the follow-up>". Without JavaScript every follow-up is simply shown; with it, a follow-up
// shows only while its answer is chosen, and its input says which element it controls (aria-controls).

const HIDDEN = {
  radio: "govuk-radios__conditional--hidden",
  checkbox: "govuk-checkboxes__conditional--hidden",
};

function sync(group) {
  for (const input of group.querySelectorAll("input[data-app-reveals]")) {
    const target = document.getElementById(input.dataset.appReveals);
    if (target) target.classList.toggle(HIDDEN[input.type] || HIDDEN.radio, !input.checked);
  }
}

export function initConditionalReveals(root = document) {
  for (const group of root.querySelectorAll("[data-app-conditional-reveal]")) {
    for (const input of group.querySelectorAll("input[data-app-reveals]")) {
      input.setAttribute("aria-controls", input.dataset.appReveals);
    }
    // A radio that is unchecked fires no event of its own: look at every answer when any of them changes.
    group.addEventListener("change", () => sync(group));
    // The browser may restore answers on "back" after the script has run.
    window.addEventListener("pageshow", () => sync(group));
    sync(group);
  }
}
