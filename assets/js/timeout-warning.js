// The idle time-out warning (WCAG 2.2 success criterion 2.2.1, Timing Adjustable), after the HMRC / MOJ timeout
// warning pattern. A signed-in page carries <dialog data-module="app-timeout-warning"> with how long its session
// has left; a little before the idle sign-out the dialog opens as a modal, and "Stay signed in" (or Escape) asks the
// server to count the session as used. If the session ends anyway, what the person had typed on the page is kept in
// this tab's sessionStorage, they are taken to sign in, and the page they come back to puts it back in its fields.
//
// Before warning, and before deciding the session has ended, the page asks the server how long is really left
// (GET, which does not count as use): another tab may have kept the session alive in the meantime.

const STORE_PREFIX = "carershub:unsaved:";
// Typed answers older than this are not put back (a tab left overnight holds nothing worth restoring).
const KEEP_FOR_MS = 60 * 60 * 1000;
const SKIPPED_TYPES = new Set(["password", "hidden", "file", "submit", "button", "reset", "image"]);

function pageKey() {
  return STORE_PREFIX + window.location.pathname + window.location.search;
}

function describe(seconds) {
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  const parts = [];
  if (minutes) parts.push(`${minutes} minute${minutes === 1 ? "" : "s"}`);
  if (rest || !minutes) parts.push(`${rest} second${rest === 1 ? "" : "s"}`);
  return parts.join(" ");
}

// The page's own forms: not the dialog's, and not the header's "Sign out".
function pageForms() {
  return [...document.querySelectorAll("main form")].filter(
    (form) => (form.getAttribute("method") || "get").toLowerCase() === "post",
  );
}

function typedFields() {
  const fields = [];
  pageForms().forEach((form, formIndex) => {
    for (const element of form.elements) {
      if (!element.name || element.disabled || SKIPPED_TYPES.has(element.type)) continue;
      if (element.type === "checkbox" || element.type === "radio") {
        fields.push({ form: formIndex, name: element.name, value: element.value, checked: element.checked });
      } else if (element instanceof HTMLSelectElement && element.multiple) {
        const chosen = [...element.selectedOptions].map((option) => option.value);
        fields.push({ form: formIndex, name: element.name, values: chosen });
      } else {
        fields.push({ form: formIndex, name: element.name, value: element.value });
      }
    }
  });
  return fields;
}

function keepTyped() {
  const fields = typedFields();
  if (!fields.length) return;
  try {
    window.sessionStorage.setItem(pageKey(), JSON.stringify({ savedAt: Date.now(), fields }));
  } catch {
    // Storage full or switched off: nothing more can be done without sending the answers anywhere.
  }
}

function forgetAllTyped() {
  try {
    for (const key of Object.keys(window.sessionStorage)) {
      if (key.startsWith(STORE_PREFIX)) window.sessionStorage.removeItem(key);
    }
  } catch {
    // Nothing stored.
  }
}

function putTypedBack() {
  let kept;
  try {
    kept = JSON.parse(window.sessionStorage.getItem(pageKey()) || "null");
    window.sessionStorage.removeItem(pageKey());
  } catch {
    return;
  }
  if (!kept || !Array.isArray(kept.fields) || Date.now() - kept.savedAt > KEEP_FOR_MS) return;
  const forms = pageForms();
  const seen = new Map();
  let restored = 0;
  for (const field of kept.fields) {
    const form = forms[field.form];
    if (!form) continue;
    const named = [...form.elements].filter((element) => element.name === field.name);
    let element;
    if ("checked" in field) {
      element = named.find((candidate) => candidate.value === field.value);
      if (!element || element.checked === field.checked) continue;
      // A click, as the person made it, so GOV.UK Frontend's conditional reveals open with it.
      element.click();
      restored += 1;
      continue;
    } else {
      // Several fields can share a name (dates, repeated rows): put each value back in the same order.
      const key = `${field.form}:${field.name}`;
      const index = seen.get(key) || 0;
      seen.set(key, index + 1);
      element = named.filter((candidate) => !["checkbox", "radio"].includes(candidate.type))[index];
      if (!element) continue;
      if (Array.isArray(field.values)) {
        for (const option of element.options) option.selected = field.values.includes(option.value);
      } else {
        if (element.value === field.value) continue;
        element.value = field.value;
      }
    }
    restored += 1;
    // Conditional reveals and character counts follow what was put back.
    element.dispatchEvent(new Event("input", { bubbles: true }));
    element.dispatchEvent(new Event("change", { bubbles: true }));
  }
  if (restored) announceRestored();
}

function announceRestored() {
  const main = document.querySelector("main");
  if (!main) return;
  const banner = document.createElement("div");
  banner.className = "govuk-notification-banner";
  banner.setAttribute("role", "alert");
  banner.setAttribute("aria-labelledby", "app-restored-title");
  banner.innerHTML =
    '<div class="govuk-notification-banner__header">' +
    '<h2 class="govuk-notification-banner__title" id="app-restored-title">Important</h2></div>' +
    '<div class="govuk-notification-banner__content">' +
    '<p class="govuk-notification-banner__heading">You were signed out because you had not done anything for a while.</p>' +
    '<p class="govuk-body">We have put back what you had typed on this page. Check it, then save it.</p></div>';
  main.prepend(banner);
}

class TimeoutWarning {
  constructor(dialog) {
    this.dialog = dialog;
    this.warnBefore = Number(dialog.dataset.warnBefore);
    this.statusUrl = dialog.dataset.statusUrl;
    this.signInUrl = dialog.dataset.signInUrl;
    this.countdown = dialog.querySelector(".app-timeout-dialog__countdown");
    this.stayForm = dialog.querySelector(".app-timeout-dialog__stay");
    this.timer = null;
    this.ticker = null;
    this.endsAt = 0;
    this.schedule(Number(dialog.dataset.secondsLeft));

    this.stayForm.addEventListener("submit", (event) => {
      event.preventDefault();
      this.staySignedIn();
    });
    // Escape closes a modal dialog: here it means "stay signed in", as in the HMRC pattern.
    dialog.addEventListener("cancel", (event) => {
      event.preventDefault();
      this.staySignedIn();
    });
    // A laptop that slept, or a background tab whose timers were slowed, may reach a form's submit after the
    // session ended: keep what was typed rather than sending it to a sign-in page that would drop it.
    for (const form of pageForms()) {
      form.addEventListener("submit", (event) => {
        if (Date.now() < this.endsAt) return;
        event.preventDefault();
        this.check(() => form.requestSubmit(event.submitter || undefined));
      });
    }
    // Signing out on purpose leaves nothing typed behind in the tab.
    const signOutAction = dialog.querySelector(".app-timeout-dialog__sign-out").getAttribute("action");
    for (const form of document.querySelectorAll("form")) {
      if (form.getAttribute("action") === signOutAction) form.addEventListener("submit", forgetAllTyped);
    }
  }

  schedule(secondsLeft) {
    window.clearTimeout(this.timer);
    this.endsAt = Date.now() + secondsLeft * 1000;
    const untilWarning = Math.max(0, secondsLeft - this.warnBefore);
    this.timer = window.setTimeout(() => this.check(), untilWarning * 1000);
  }

  async status(method) {
    const options = { method, credentials: "same-origin", headers: { Accept: "application/json" } };
    if (method === "POST") options.body = new FormData(this.stayForm);
    try {
      const response = await window.fetch(this.statusUrl, options);
      return await response.json();
    } catch {
      return null; // offline: decide from the page's own clock
    }
  }

  // Ask how long is really left; warn, sign out or wait as the answer says. `resubmit` is a form submit that was
  // held back because the page's clock said the session had ended.
  async check(resubmit) {
    const answer = await this.status("GET");
    const left = answer ? answer.seconds_left : Math.max(0, Math.round((this.endsAt - Date.now()) / 1000));
    if (answer && !answer.signed_in) {
      this.signedOut();
    } else if (resubmit) {
      this.endsAt = Date.now() + Math.max(left, 1) * 1000;
      resubmit();
    } else if (left > this.warnBefore) {
      this.close();
      this.schedule(left);
    } else if (left <= 0) {
      this.signedOut();
    } else {
      this.warn(left);
    }
  }

  warn(secondsLeft) {
    this.endsAt = Date.now() + secondsLeft * 1000;
    this.tick();
    if (!this.dialog.open) this.dialog.showModal();
    window.clearInterval(this.ticker);
    this.ticker = window.setInterval(() => this.tick(), 1000);
    window.clearTimeout(this.timer);
    // Just after the server would end the session, ask again (another tab may have kept it).
    this.timer = window.setTimeout(() => this.check(), secondsLeft * 1000 + 1500);
  }

  tick() {
    const left = Math.max(0, Math.ceil((this.endsAt - Date.now()) / 1000));
    this.countdown.textContent = describe(left);
  }

  close() {
    window.clearInterval(this.ticker);
    if (this.dialog.open) this.dialog.close();
  }

  async staySignedIn() {
    const answer = await this.status("POST");
    this.close();
    if (answer && !answer.signed_in) {
      this.signedOut();
    } else {
      this.schedule(answer ? answer.seconds_left : 0);
    }
  }

  signedOut() {
    window.clearTimeout(this.timer);
    this.close();
    keepTyped();
    const next = window.location.pathname + window.location.search;
    window.location.assign(`${this.signInUrl}?next=${encodeURIComponent(next)}`);
  }
}

export function initTimeoutWarning() {
  const dialog = document.querySelector('dialog[data-module="app-timeout-warning"]');
  if (dialog && typeof dialog.showModal === "function") {
    putTypedBack();
    new TimeoutWarning(dialog);
  }
}
