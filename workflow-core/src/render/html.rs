//! The HTML writer: one self-contained page (inline SVG, CSS and script; nothing loaded from
//! the network). With a history it adds the legend, the event timeline, and each state's
//! visits (input, output, error) shown when the state is clicked.
//!
//! The script records its own errors into `#script-errors` (and `data-script-error` on the
//! body) and sets `data-rendered="ok"` on the body when it has finished, so a headless browser
//! can tell a working page from a broken one.

use std::fmt::Write as _;

use super::Picture;
use super::text::xml;
use crate::tree::Tree;

const STYLE: &str = "\
body{margin:0;font-family:-apple-system,'Segoe UI',Helvetica,Arial,sans-serif;color:#1f2933;background:#f5f7fa}
header{padding:12px 20px;background:#ffffff;border-bottom:1px solid #d9e2ec}
h1{font-size:18px;margin:0}
h2{font-size:15px;margin:0 0 8px}
.summary{margin:4px 0 0;color:#52606d;font-size:13px}
main{display:flex;gap:16px;padding:16px 20px;align-items:flex-start}
.graph{flex:1 1 auto;overflow:auto;background:#ffffff;border:1px solid #d9e2ec;border-radius:8px;max-height:80vh}
#details{flex:0 0 340px;background:#ffffff;border:1px solid #d9e2ec;border-radius:8px;padding:12px;font-size:13px;max-height:80vh;overflow:auto}
#details pre{background:#f0f4f8;padding:8px;border-radius:4px;white-space:pre-wrap;word-break:break-all;font-size:12px}
.timeline{padding:0 20px 20px}
table{border-collapse:collapse;background:#ffffff;font-size:12px;width:100%}
th,td{border:1px solid #d9e2ec;padding:4px 8px;text-align:left;vertical-align:top}
tr.failure td{background:#fff5f5}
#script-errors{color:#c53030}
";

/// Runs before anything else, so even a failing page script is recorded.
const ERROR_HOOK: &str = "\
window.onerror = function (message, source, line) {
  var list = document.getElementById('script-errors');
  var item = document.createElement('li');
  item.textContent = message + ' (line ' + line + ')';
  list.appendChild(item);
  list.hidden = false;
  document.body.setAttribute('data-script-error', String(message));
};
";

const SCRIPT: &str = "\
(function () {
  var states = JSON.parse(document.getElementById('states').textContent);
  var details = document.getElementById('details');
  function add(parent, tag, text) {
    var el = document.createElement(tag);
    if (text !== undefined) { el.textContent = text; }
    parent.appendChild(el);
    return el;
  }
  function pretty(text) {
    try { return JSON.stringify(JSON.parse(text), null, 2); } catch (e) { return text; }
  }
  function show(name) {
    var state = states[name];
    details.textContent = '';
    add(details, 'h2', name);
    if (!state) { return; }
    add(details, 'p', state.type + (state.status ? ' \\u2014 ' + state.status : '') +
      (state.retries ? ' (' + state.retries + ' retries)' : ''));
    state.notes.forEach(function (note) { add(details, 'p', note); });
    if (!state.visits.length) {
      add(details, 'p', state.status ? 'Not reached in this execution.' : 'No execution history loaded.');
    }
    state.visits.forEach(function (visit, i) {
      add(details, 'h3', 'Visit ' + (i + 1));
      if (visit.entered) { add(details, 'p', 'entered ' + visit.entered + (visit.exited ? ', exited ' + visit.exited : '')); }
      [['input', 'Input'], ['output', 'Output'], ['error', 'Error'], ['cause', 'Cause']].forEach(function (field) {
        if (visit[field[0]] !== undefined) {
          add(details, 'h4', field[1]);
          add(details, 'pre', pretty(visit[field[0]]));
        }
      });
    });
  }
  var selected = null;
  Array.prototype.forEach.call(document.querySelectorAll('svg .state'), function (g) {
    g.addEventListener('click', function (event) {
      event.stopPropagation();
      if (selected) { selected.classList.remove('selected'); }
      selected = g;
      g.classList.add('selected');
      show(g.getAttribute('data-state'));
    });
  });
  Array.prototype.forEach.call(document.querySelectorAll('.timeline tr[data-state]'), function (row) {
    row.addEventListener('click', function () { show(row.getAttribute('data-state')); });
  });
  document.body.setAttribute('data-rendered', 'ok');
})();
";

pub(super) fn write(picture: &Picture<'_>, svg: &str) -> String {
    let title = xml(&picture.title);
    let mut s = String::new();
    let _ = write!(
        s,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n\
         <script>\n{ERROR_HOOK}</script>\n<ul id=\"script-errors\" hidden></ul>\n\
         <header><h1>{title}</h1><p class=\"summary\">{}</p></header>\n\
         <main>\n<section class=\"graph\">\n{svg}</section>\n\
         <aside id=\"details\"><h2>Details</h2><p>Click a state to see {}.</p></aside>\n</main>\n",
        xml(&summary(picture)),
        if picture.history.is_some() {
            "its input and output"
        } else {
            "its details"
        }
    );
    if let Some(history) = picture.history {
        s.push_str("<section class=\"timeline\">\n<h2>Events</h2>\n<table>\n<thead><tr><th>id</th><th>time</th><th>type</th><th>state</th><th>details</th></tr></thead>\n<tbody>\n");
        let owners = history.event_states();
        for (e, owner) in history.events.iter().zip(&owners) {
            let failure = e.event_type.ends_with("Failed") || e.event_type.ends_with("TimedOut");
            let state = owner.as_deref().unwrap_or("");
            let detail = [e.detail("error"), e.detail("cause")]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(": ");
            let _ = writeln!(
                s,
                "<tr{}{}><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                if failure { " class=\"failure\"" } else { "" },
                if state.is_empty() {
                    String::new()
                } else {
                    format!(" data-state=\"{}\"", xml(state))
                },
                e.id,
                xml(&e.timestamp.to_string()),
                xml(&e.event_type),
                xml(state),
                xml(&detail)
            );
        }
        s.push_str("</tbody>\n</table>\n</section>\n");
    }
    let data = states_json(picture).to_json_string();
    // `<` never appears raw inside the script element, so no text can close it.
    let data = data.replace('<', "\\u003c");
    let _ = write!(
        s,
        "<script type=\"application/json\" id=\"states\">\n{data}</script>\n<script>\n{SCRIPT}</script>\n</body>\n</html>\n"
    );
    s
}

/// `12 states` and, with a history, how many of each status.
fn summary(picture: &Picture<'_>) -> String {
    let nodes = picture.graph.nodes();
    let mut s = format!(
        "{} state{}",
        nodes.len(),
        if nodes.len() == 1 { "" } else { "s" }
    );
    if picture.runs.is_some() {
        for st in super::history::Status::ALL {
            let n = nodes
                .iter()
                .filter(|node| picture.status_of(&node.name).0 == Some(st))
                .count();
            if n > 0 {
                let _ = write!(s, " · {n} {}", st.as_str());
            }
        }
    }
    s
}

/// Per state (document order): type, notes, status, retries and visits.
fn states_json(picture: &Picture<'_>) -> Tree {
    let opt = |v: &Option<String>| v.as_deref().map(Tree::from);
    let members = picture.graph.nodes().into_iter().map(|node| {
        let (status, retries) = picture.status_of(&node.name);
        let mut fields = vec![
            ("type", Tree::from(node.type_name)),
            (
                "notes",
                Tree::Array(node.notes.iter().map(Tree::from).collect()),
            ),
        ];
        if let Some(st) = status {
            fields.push(("status", Tree::from(st.as_str())));
        }
        fields.push(("retries", Tree::Number(retries.to_string())));
        let visits = picture
            .runs
            .as_ref()
            .and_then(|runs| runs.get(&node.name))
            .map(|run| run.visits.as_slice())
            .unwrap_or_default();
        let visits = visits.iter().map(|v| {
            let mut f: Vec<(&str, Tree)> = Vec::new();
            if let Some(t) = &v.entered {
                f.push(("entered", Tree::from(t.to_string())));
            }
            if let Some(t) = &v.exited {
                f.push(("exited", Tree::from(t.to_string())));
            }
            for (key, value) in [
                ("input", &v.input),
                ("output", &v.output),
                ("error", &v.error),
                ("cause", &v.cause),
            ] {
                if let Some(t) = opt(value) {
                    f.push((key, t));
                }
            }
            Tree::object(f)
        });
        fields.push(("visits", Tree::Array(visits.collect())));
        (node.name.clone(), Tree::object(fields))
    });
    Tree::object(members)
}
