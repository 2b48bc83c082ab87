// The results page's small enhancements; the page works the same without them.
"use strict";

// A sort applies as soon as it is chosen: its button is only needed without this script.
document.querySelectorAll("form[data-apply-on-change]").forEach((form) => {
  const button = form.querySelector("button[type=submit]");
  if (button) button.hidden = true;
  form.querySelectorAll("select").forEach((select) => {
    select.addEventListener("change", () => form.requestSubmit());
  });
});

// Wide screens show the filters as a rail beside the results: open them there.
const filters = document.getElementById("filters");
if (filters && window.matchMedia("(min-width: 56rem)").matches) filters.open = true;
