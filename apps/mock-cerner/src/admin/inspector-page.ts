/** The inspector's Content-Security-Policy: only same-origin script, style and fetch. */
export const INSPECTOR_CSP =
  "default-src 'self'; img-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/**
 * The inspector: a static page with no data inside. Its script (`/admin/inspector.js`) fetches
 * the journal, the store, the faults, the tenants and the snapshots and renders every value with
 * `textContent` only, so nothing a request or a stored resource holds can script the page.
 *
 * @returns the HTML
 * @example
 * ```ts
 * res.type('text/html').set('Content-Security-Policy', INSPECTOR_CSP).send(inspectorPage());
 * ```
 */
export function inspectorPage(): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>mock-cerner inspector</title>
<link rel="stylesheet" href="/admin/inspector.css"></head><body>
<header><h1>mock-cerner inspector</h1>
<label>tenant <select id="tenant"></select></label>
<button id="reset">Reset tenant</button><button id="clear">Clear log</button>
<label><input type="checkbox" id="live" checked> live</label>
<span id="status" role="status"></span></header>
<main>
<section id="timeline-pane"><h2>Timeline</h2>
<div class="filters">
<input id="f-path" placeholder="path"><select id="f-status"><option value="">any status</option><option value="2">2xx / AA</option><option value="4">4xx / AE</option><option value="5">5xx / AR</option><option value="0">no response</option></select>
<input id="f-client" placeholder="client"><select id="f-protocol"><option value="">HTTP + HL7</option><option value="http">HTTP</option><option value="mllp">HL7 (MLLP)</option></select>
<select id="f-fault"><option value="">fault or not</option><option value="yes">faulted</option><option value="no">not faulted</option></select>
<input id="f-text" placeholder="search"></div>
<table><thead><tr><th>#</th><th>time</th><th>proto</th><th>method / type</th><th>path / message</th><th>status / ACK</th><th>ms</th><th>client</th><th>fault</th></tr></thead><tbody id="timeline"></tbody></table>
</section>
<section id="detail-pane"><h2>Detail</h2><div id="detail">click a row</div></section>
<section id="store-pane"><h2>Store</h2><div id="counts"></div>
<select id="type"><option>Patient</option><option>Encounter</option><option>Appointment</option><option>DocumentReference</option><option>Organization</option><option>Practitioner</option><option>Location</option><option>Binary</option></select>
<table><tbody id="resources"></tbody></table><pre id="resource-json"></pre>
<label>load a Bundle <input type="file" id="bundle" accept=".json,application/json,application/fhir+json"></label></section>
<section id="faults-pane"><h2>Faults</h2>
<div class="filters"><select id="fault-protocol"><option value="http">HTTP</option><option value="mllp">MLLP</option></select>
<input id="fault-method" placeholder="method (any)"><input id="fault-path" placeholder="path glob or message type">
<input id="fault-status" placeholder="status or ACK (AE/AR)"><input id="fault-times" placeholder="times"><button id="fault-add">Add fault</button></div>
<table><tbody id="faults"></tbody></table></section>
<section id="tenants-pane"><h2>Tenants and snapshots</h2>
<div class="filters"><input id="tenant-id" placeholder="new tenant id (optional)"><select id="tenant-seed"><option value="sandbox">sandbox seed</option><option value="empty">empty</option></select>
<button id="tenant-create">Create tenant</button><button id="tenant-delete">Delete this tenant</button>
<button id="snapshot-take">Take snapshot</button></div>
<table><tbody id="snapshots"></tbody></table></section>
</main>
<script src="/admin/inspector.js"></script></body></html>`;
}
