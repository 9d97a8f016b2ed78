// The directory's compare boxes: once the most that can be compared are ticked, the others are
// disabled until one is unticked (the compare page also shows no more than that).
(() => {
  const form = document.getElementById("compare-form");
  if (!form) {
    return;
  }
  const most = Number(form.dataset.compareMax) || 5;
  const hint = document.getElementById("compare-hint");
  const hintText = hint ? hint.textContent : "";
  const boxes = () => document.querySelectorAll("input.compare-tick");

  const update = () => {
    const ticked = Array.from(boxes()).filter((box) => box.checked).length;
    boxes().forEach((box) => {
      box.disabled = !box.checked && ticked >= most;
    });
    if (hint) {
      hint.textContent = ticked >= most ? `${most} schools ticked, the most that can be compared.` : hintText;
    }
  };

  document.addEventListener("change", (event) => {
    if (event.target.matches("input.compare-tick")) {
      update();
    }
  });
  window.addEventListener("pageshow", update);
})();
