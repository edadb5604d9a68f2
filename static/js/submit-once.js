// One click, one post: once a form is sent, its submit buttons are disabled until the
// next page (the server also refuses a form sent twice: this only spares the wait).
// Disabled on the next tick, so that the clicked button's name and value are still sent.
// Forms sent by htmx disable their own buttons (hx-disabled-elt) until the answer.
(function () {
  "use strict";

  var BUTTONS = "button[type=submit], button:not([type]), input[type=submit]";

  function setBusy(form, busy) {
    form.querySelectorAll(BUTTONS).forEach(function (button) {
      button.disabled = busy;
    });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var method = (form.getAttribute("method") || "get").toLowerCase();
    if (event.defaultPrevented || method !== "post" || form.hasAttribute("hx-post")) {
      return;
    }
    window.setTimeout(function () { setBusy(form, true); }, 0);
  });

  // Back to a page kept in the browser's cache: its forms work again.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form").forEach(function (form) { setBusy(form, false); });
  });
})();
