// Review pages: the "Print the report" button (no inline scripts under the CSP).
document.querySelectorAll("[data-print]").forEach((button) => {
  button.addEventListener("click", () => window.print());
});
