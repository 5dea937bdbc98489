// The unit's ranking page: drag candidates into order (SortableJS); the rank numbers follow the new order,
// so the form posts the same rank-<id> numbers it posts without JS, to the same service.
(function () {
  var list = document.querySelector("[data-sortable='ranking']");
  if (!list || typeof Sortable === "undefined" || !list.querySelector(".drag-handle")) {
    return;
  }
  function renumber() {
    var inputs = list.querySelectorAll(".rank-number");
    for (var i = 0; i < inputs.length; i++) {
      inputs[i].value = String(i + 1);
    }
  }
  Sortable.create(list, { handle: ".drag-handle", animation: 150, onEnd: renumber });
})();
