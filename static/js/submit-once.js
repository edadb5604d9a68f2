// One click, one post: once a form is sent, its submit buttons are disabled until the
// answer comes (the server also refuses a form sent twice: this only spares the wait).
// Disabled on the next tick, so that the clicked button's name and value are still sent.
(function () {
  "use strict";

  function setBusy(form, busy) {
    form.querySelectorAll("button[type=submit], button:not([type]), input[type=submit]")
      .forEach(function (button) {
        button.disabled = busy;
        if (busy) {
          button.setAttribute("aria-disabled", "true");
        } else {
          button.removeAttribute("aria-disabled");
        }
      });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (event.defaultPrevented || (form.method || "").toLowerCase() !== "post") {
      return;
    }
    window.setTimeout(function () { setBusy(form, true); }, 0);
  });

  // htmx answers without leaving the page: the form may be sent again.
  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.detail.elt && event.detail.elt.closest && event.detail.elt.closest("form");
    if (form) {
      setBusy(form, false);
    }
  });

  // Back to a page kept in the browser's cache: its forms work again.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form").forEach(function (form) { setBusy(form, false); });
  });
})();
