// Optional calendar for the date-of-birth field. The form works without it: people can
// always type DD/MM/YYYY. With JavaScript, a native date picker fills the text field.
document.querySelectorAll(".calendar[data-for]").forEach(function (slot) {
  var text = document.getElementById(slot.dataset.for);
  if (!text) return;
  var picker = document.createElement("input");
  picker.type = "date";
  picker.className = "calendar-picker";
  picker.setAttribute("aria-label", document.documentElement.lang === "en"
    ? "Pick the date of birth from a calendar" : "Pilih tanggal lahir dari kalender");
  picker.addEventListener("change", function () {
    var parts = picker.value.split("-");
    if (parts.length === 3) text.value = parts[2] + "/" + parts[1] + "/" + parts[0];
  });
  slot.appendChild(picker);
});
