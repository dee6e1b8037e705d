// The case page's script (served at /static/case.js).
(() => {
  const text = document.getElementById('text');
  const csrf = document.getElementById('desk').dataset.csrf;
  const path = document.getElementById('desk').dataset.path;
  let timer = null, asked = 0;
  const esc = (s) => s.replace(/[&<>"]/g, (c) => ({'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;'}[c]));
  const show = (p) => {
    const list = document.getElementById('diagnostics');
    list.innerHTML = p.diagnostics.map((d) =>
      `<li class="${d.severity}">${d.line ? `<a href="#text" data-line="${d.line}">line ${d.line}</a>: ` : ''}${esc(d.message)}${d.field ? ` (<code>${esc(d.field)}</code>)` : ''}${d.help ? `<br>${esc(d.help)}` : ''}</li>`).join('');
    document.getElementById('dates').innerHTML = p.dates.length ? '<dl>' + p.dates.map(([w, d]) => `<dt>${esc(w)}</dt><dd>${esc(d)}</dd>`).join('') + '</dl>' : '';
    // The preview keeps the last notice that could be made, and says so.
    if (p.html) document.getElementById('preview').srcdoc = p.html;
    const note = document.getElementById('preview-note');
    if (note) note.textContent = p.html ? '' : 'The preview shows the last version that passed the checks: it follows again once the problems under "Check" are fixed.';
    found = p.diagnostics;
    atFields();
  };
  // A field whose value cannot be set or read says so (aria-invalid), pointing at
  // its message; the others stay as they are.
  const mark = (input, message) => {
    const err = document.getElementById('e-' + input.id.slice(2));
    if (err) err.textContent = message ? 'Error: ' + message : '';
    if (message) input.setAttribute('aria-invalid', 'true'); else input.removeAttribute('aria-invalid');
    input.closest('p')?.classList.toggle('field-invalid', !!message);
  };
  // What check finds, also shown at the field it is about (where the panel has one).
  let found = [];
  const atFields = () => {
    for (const span of document.querySelectorAll('.field-check')) span.textContent = '';
    for (const d of found) {
      if (!d.field) continue;
      const input = document.querySelector(`[data-field="${CSS.escape(d.field)}"]`);
      if (!input) continue;
      // A field already marked with why its value cannot be read says it once.
      const marked = document.getElementById('e-' + input.id.slice(2));
      if (input.getAttribute('aria-invalid') === 'true' && marked && marked.textContent) continue;
      const span = document.getElementById('c-' + input.id.slice(2));
      if (span) span.textContent = (span.textContent ? span.textContent + '; ' : '') + d.message + (d.line ? ` (line ${d.line})` : '');
    }
  };
  // Issue what was shown: the editor's text goes with the form, so that the desk
  // refuses to issue anything but the saved case the preview showed, and the
  // caseworker confirms the formats and the folder first.
  const ready = document.getElementById('ready');
  if (ready) {
    ready.addEventListener('submit', (ev) => {
      ready.querySelector('.shown-text').value = text.value;
      if (text.value !== text.defaultValue && !window.confirm('This case has changes that are not saved, and they would not be marked ready. Save them first. Mark the case as last saved anyway? (The desk will refuse.)')) ev.preventDefault();
    });
  }
  const issue = document.getElementById('issue');
  if (issue) {
    issue.addEventListener('submit', (ev) => {
      document.getElementById('issue-text').value = text.value;
      const unsaved = text.value !== text.defaultValue;
      const ask = unsaved
        ? 'This case has changes that are not saved, and they would not be issued. Save them first. Issue the case as last saved anyway? (The desk will refuse.)'
        : `Issue this notice as shown, in text, PDF, HTML and Word, into ${issue.dataset.folder}? An issued notice is a record: it is never changed, only revised.`;
      if (!window.confirm(ask)) ev.preventDefault();
    });
  }
  text.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const mine = ++asked;
      const r = await fetch('/api/preview', { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': csrf }, body: JSON.stringify({ path, text: text.value }) });
      if (r.ok && mine === asked) show(await r.json());
      // Typed by hand: the fields follow the text.
      if (document.activeElement === text) redraw();
    }, 250);
  });
  // The fields: each change is made in the text by the server (keeping the rest as
  // written), then previewed like typing.
  const citations = async () => {
    const regime = (text.value.match(/^regime\s*=\s*"(\w+)"/m) || [])[1] || 'FOIA';
    const date = (text.value.match(/^\[request\][^\[]*?^date\s*=\s*(\d{4}-\d{2}-\d{2})/ms) || [])[1] || '';
    const r = await fetch(`/api/citations?regime=${regime}&date=${date}`);
    if (!r.ok) return;
    const list = document.getElementById('citations');
    if (list) list.innerHTML = (await r.json()).map((p) => `<option value="${esc(p.number)}">${esc(p.number)} ${esc(p.title)}</option>`).join('');
  };
  const panel = document.getElementById('panel');
  const post = (url, body) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': csrf }, body: JSON.stringify(body) });
  // The panel drawn again from the text, after a list changed or the text was typed
  // (never while a field of the panel has the focus).
  const redraw = async (focus) => {
    if (!panel) return;
    const r = await post('/api/fields', { path, text: text.value });
    if (!r.ok) return;
    panel.innerHTML = await r.text();
    atFields();
    if (focus) { const el = panel.querySelector(focus); if (el) el.focus(); }
  };
  const retext = (value) => {
    text.value = value;
    text.dispatchEvent(new Event('input'));
  };
  if (panel) {
    panel.addEventListener('change', async (ev) => {
      const input = ev.target.closest('[data-field]');
      if (!input) return;
      const r = await post('/api/set', { path, text: text.value, field: input.dataset.field, value: input.value });
      const body = await r.json().catch(() => ({ error: 'the desk did not answer' }));
      if (r.ok) {
        mark(input, '');
        text.value = body.text;
        text.dispatchEvent(new Event('input', { bubbles: false }));
        citations();
      } else {
        mark(input, body.error);
      }
    });
    panel.addEventListener('click', async (ev) => {
      const b = ev.target.closest('button[data-add], button[data-remove]');
      if (!b) return;
      const add = b.dataset.add !== undefined;
      const list = add ? b.dataset.add : b.dataset.remove;
      const r = await post('/api/list', { path, text: text.value, list, op: add ? 'add' : 'remove', index: add ? null : Number(b.dataset.index) });
      const body = await r.json().catch(() => ({ error: 'the desk did not answer' }));
      if (!r.ok) { alert(body.error); return; }
      retext(body.text);
      await redraw(add ? `[data-add="${list}"]` : `[data-add="${list}"]`);
    });
  }
  citations();
  // The checks of the file as opened, placed at their fields.
  if (panel) text.dispatchEvent(new Event('input'));
  document.getElementById('diagnostics').addEventListener('click', (ev) => {
    const line = ev.target.dataset && ev.target.dataset.line;
    if (!line) return;
    ev.preventDefault();
    const lines = text.value.split('\n');
    const start = lines.slice(0, line - 1).join('\n').length + (line > 1 ? 1 : 0);
    text.focus();
    text.setSelectionRange(start, start + (lines[line - 1] || '').length);
  });
})();
