// A form that is being sent cannot be sent again by a second click: its submit buttons are
// disabled once the browser has taken the submission (a disabled button's own name and value
// would otherwise be left out of it). Coming Back to the page enables them again; the server
// still refuses a repeated create form (partnership/lib/once.py).
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (event.defaultPrevented || form.method.toLowerCase() !== "post") {
    return;
  }
  const buttons = form.querySelectorAll("button[type=submit], button:not([type]), input[type=submit]");
  window.setTimeout(() => {
    buttons.forEach((button) => {
      button.disabled = true;
      button.setAttribute("aria-disabled", "true");
    });
  }, 0);
});

window.addEventListener("pageshow", () => {
  document.querySelectorAll("form button[aria-disabled=true], form input[aria-disabled=true]").forEach((button) => {
    button.disabled = false;
    button.removeAttribute("aria-disabled");
  });
});
