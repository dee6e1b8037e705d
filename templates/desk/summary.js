// Served at /static/summary.js: on a page refused with an error summary, the focus
// goes to the summary, and each of its links to the field it names.
(() => {
  const summary = document.getElementById('error-summary');
  if (!summary) return;
  summary.focus();
  summary.addEventListener('click', (ev) => {
    const a = ev.target.closest('a[href^="#"]');
    if (!a) return;
    const field = document.getElementById(a.getAttribute('href').slice(1));
    if (!field) return;
    ev.preventDefault();
    field.focus();
    field.scrollIntoView({ block: 'center' });
  });
})();
