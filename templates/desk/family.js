// The family page's script (served at /static/family.js).
(() => {
  const main = document.getElementById('family');
  const status = document.getElementById('upload-help');
  document.getElementById('upload').addEventListener('change', async (ev) => {
    const file = ev.target.files[0];
    if (!file) return;
    status.textContent = 'Uploading…';
    const r = await fetch('/family/upload?name=' + encodeURIComponent(file.name), {
      method: 'POST', headers: { 'x-csrf-token': main.dataset.csrf }, body: await file.arrayBuffer() });
    if (r.ok) {
      const { path } = await r.json();
      location.href = '/family?path=' + encodeURIComponent(main.dataset.path) + '&followers=' + encodeURIComponent(path);
    } else {
      status.textContent = 'Not added: ' + await r.text();
    }
  });
  const run = new URLSearchParams(location.search).get('run');
  if (!run) return;
  const bar = document.getElementById('progress'), text = document.getElementById('progress-text');
  const list = document.getElementById('events');
  let done = 0;
  const source = new EventSource('/family/events?run=' + encodeURIComponent(run));
  source.addEventListener('progress', (ev) => {
    const e = JSON.parse(ev.data);
    if (e.total !== undefined) { bar.max = e.total; text.textContent = `0 of ${e.total} notices`; return; }
    done += 1;
    bar.value = done;
    text.textContent = `${done} of ${bar.max} notices`;
    if (e.status === 'failed' || e.status === 'skipped') {
      const li = document.createElement('li');
      li.className = 'problem';
      li.textContent = `${e.reference}: ${e.status}: ${e.error || ''}`;
      list.appendChild(li);
    }
  });
  source.addEventListener('finished', (ev) => {
    source.close();
    const s = JSON.parse(ev.data);
    if (s.error) { text.textContent = 'Not issued: ' + s.error; return; }
    text.textContent = `Done: ${s.issued} issued, ${s.unchanged} unchanged, ${s.failed} held back or failed, ${s.skipped} not attempted.` + (s.recorded ? ' The manifest could not be written: ' + s.recorded : '');
    const a = document.createElement('a');
    a.href = s.manifest; a.textContent = 'Download the manifest'; a.id = 'manifest-link';
    text.after(' ', a);
  });
})();
