// The casebook page's script (served at /static/casebook.js).
(() => {
  const table = document.getElementById('cases');
  const body = table.tBodies[0];
  document.getElementById('filter').addEventListener('input', (ev) => {
    const words = ev.target.value.toLowerCase();
    for (const row of body.rows) row.hidden = !row.textContent.toLowerCase().includes(words);
  });
  for (const b of table.querySelectorAll('th button')) {
    b.addEventListener('click', () => {
      const col = Number(b.dataset.col), numeric = b.dataset.numeric;
      const key = (r) => { const c = r.cells[col] || r.cells[r.cells.length - 1]; return numeric ? Number(c.dataset.sort) : c.textContent.trim(); };
      const rows = Array.from(body.rows).sort((x, y) => numeric ? key(x) - key(y) : key(x).localeCompare(key(y)));
      rows.forEach((r) => body.appendChild(r));
    });
  }
})();
