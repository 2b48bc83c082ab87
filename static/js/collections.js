// "Add to a collection" without leaving the page; without this script the form posts and the
// collection's page is shown instead.
"use strict";

document.querySelectorAll("form[data-add-to-collection]").forEach((form) => {
  const status = form.querySelector(".added-status");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    status.textContent = "Adding…";
    try {
      const response = await fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      const answer = await response.json();
      if (!response.ok) {
        const errors = Object.values(answer.errors || {}).flat();
        status.textContent = errors.map((error) => error.message).join(" ") || "Not added.";
        return;
      }
      status.textContent = "";
      const link = document.createElement("a");
      link.href = answer.url;
      link.textContent = answer.collection;
      status.append(answer.added ? "Added to " : "Already in ", link, ".");
      rememberNewCollection(form, answer);
    } catch {
      form.submit(); // Offline or an unexpected answer: let the browser post it instead.
    }
  });
});

// A new collection joins the list, chosen, so that adding again does not make another.
function rememberNewCollection(form, answer) {
  const select = form.querySelector("select[name=collection]");
  const newName = form.querySelector("input[name=new_name]");
  if (!select) return;
  let option = select.querySelector(`option[value="${answer.collection_id}"]`);
  if (!option) {
    option = new Option(answer.collection, answer.collection_id);
    select.append(option);
  }
  select.value = String(answer.collection_id);
  if (newName) newName.value = "";
}
