// A table wider than the screen scrolls sideways inside its .table-container (or Bootstrap's
// .table-responsive). Someone without a mouse scrolls it with the arrow keys once it has the
// focus, so a container that overflows is made focusable and named after its table's caption
// (WCAG 2.1.1); one that fits is left out of the tab order. Checked again whenever the window
// changes size.
const markScrollingTables = () => {
  document.querySelectorAll(".table-container, .table-responsive").forEach((container) => {
    if (container.scrollWidth > container.clientWidth) {
      const caption = container.querySelector("caption");
      container.setAttribute("tabindex", "0");
      container.setAttribute("role", "region");
      container.setAttribute("aria-label", caption ? caption.textContent.trim() : "Table");
    } else {
      container.removeAttribute("tabindex");
      container.removeAttribute("role");
      container.removeAttribute("aria-label");
    }
  });
};

document.addEventListener("DOMContentLoaded", markScrollingTables);
window.addEventListener("resize", markScrollingTables);
