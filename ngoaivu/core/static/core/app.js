// Progressive enhancement only: every page works without this file.
document.addEventListener("DOMContentLoaded", function () {
  // GOV.UK: move focus to the error summary so screen-reader users hear the problems first.
  var summary = document.querySelector("[data-module='error-summary']");
  if (summary) { summary.focus(); }
  // Confirm destructive actions that declare data-confirm.
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.getAttribute("data-confirm"))) { event.preventDefault(); }
    });
  });
});
