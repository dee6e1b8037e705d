// The casebook page's script (served at /static/casebook.js).
(() => {
  const table = document.getElementById('cases');
  const body = table.tBodies[0];
  document.getElementById('filter').addEventListener('input', (ev) => {
    const words = ev.target.value.toLowerCase();
    for (const row of body.rows) row.hidden = !row.textContent.toLowerCase().includes(words);
  });
  // Sorting by a column: a second press reverses it; the heading says how the table is
  // sorted (aria-sort), for screen readers as for the eye.
  for (const b of table.querySelectorAll('th button')) {
    b.addEventListener('click', () => {
      const th = b.closest('th');
      const ascending = th.getAttribute('aria-sort') !== 'ascending';
      for (const other of table.querySelectorAll('th')) other.removeAttribute('aria-sort');
      th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
      const col = Number(b.dataset.col), numeric = b.dataset.numeric;
      const key = (r) => { const c = r.cells[col] || r.cells[r.cells.length - 1]; return numeric ? Number(c.dataset.sort) : c.textContent.trim(); };
      const rows = Array.from(body.rows).sort((x, y) => (numeric ? key(x) - key(y) : key(x).localeCompare(key(y))) * (ascending ? 1 : -1));
      rows.forEach((r) => body.appendChild(r));
    });
  }
})();
