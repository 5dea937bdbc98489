// The scoring page's running total: the sum of the entered scores (each clamped to 0..its maximum),
// and how many of the items are scored. The server checks every value again on save.
(function () {
  var form = document.getElementById("score-form");
  var total = document.getElementById("score-total");
  var count = document.getElementById("score-count");
  if (!form || !total) {
    return;
  }
  var inputs = form.querySelectorAll(".score-input");
  function update() {
    var sum = 0;
    var scored = 0;
    inputs.forEach(function (input) {
      var text = input.value.trim();
      if (text === "") {
        return;
      }
      var value = Number(text);
      var max = Number(input.getAttribute("data-max"));
      var bad = !isFinite(value) || value < 0 || value > max;
      input.classList.toggle("is-invalid", bad);
      if (!bad) {
        sum += value;
        scored += 1;
      }
    });
    total.textContent = scored ? (Math.round(sum * 10) / 10).toString() : "—";
    if (count) {
      count.textContent = "（已评 " + scored + "/" + inputs.length + " 项）";
    }
  }
  form.addEventListener("input", update);
  // Submission locks the sheet: ask first (saving a draft needs no confirmation).
  form.addEventListener("submit", function (event) {
    var button = event.submitter;
    if (button && button.value === "submit" && !window.confirm("提交后评分表将锁定，不能再修改。确定提交吗？")) {
      event.preventDefault();
    }
  });
  update();
})();
