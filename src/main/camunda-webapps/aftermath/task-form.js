// Aftermath: Tasklist's Complete button follows what the Camunda Form shows (issue 21).
//
// Tasklist 7.24 disables Complete while form-js reports errors, and it decides that from the number of keys of the
// form's error object (`Object.keys(event.errors).length` on every "changed" event). The form-js version it ships
// stores the result of validating a field inside a dynamic list under [fieldId, row]; a valid value leaves an EMPTY
// array behind under fieldId (`set(errors, [id, row], undefined)`). So once a person has typed into any field of a
// dynamic list (a timeline row, a why, an action item) Complete stays disabled although no field shows an error, and
// only Save (which validates the whole form afresh) enables it again.
//
// This script, loaded by Tasklist's config.js (customScripts), wraps the form controller's notifyFormValidated: after
// form-js has rendered, Complete is disabled exactly when the form shows an error, and a note next to the button
// says which fields keep it disabled ("Complete is possible once these fields are fixed: When (date) — Date and time
// must both be entered.").

const NOTE_CLASS = 'aftermath-complete-note';

function visibleErrors(form) {
  const errors = [];
  form.querySelectorAll('.fjs-form-field-error').forEach((error) => {
    const message = error.textContent.replace(/\s+/g, ' ').trim();
    if (!message || error.offsetParent === null) {
      return;
    }
    const field = error.closest('.fjs-form-field');
    const label = field && field.querySelector('label');
    const name = label ? label.textContent.replace(/\s+/g, ' ').replace(/\*\s*$/, '').trim() : '';
    errors.push({name, message, field});
  });
  return errors;
}

function showNote(actions, errors) {
  let note = actions.parentNode.querySelector('.' + NOTE_CLASS);
  if (!errors.length) {
    if (note) {
      note.remove();
    }
    return;
  }
  if (!note) {
    note = document.createElement('div');
    note.className = NOTE_CLASS;
    note.setAttribute('role', 'status');
    actions.parentNode.insertBefore(note, actions);
  }
  note.textContent = '';
  const head = document.createElement('strong');
  head.textContent = errors.length === 1
    ? 'Complete is possible once this field is fixed: '
    : 'Complete is possible once these ' + errors.length + ' fields are fixed: ';
  note.appendChild(head);
  errors.forEach((error, i) => {
    const link = document.createElement('a');
    link.href = '';
    link.textContent = (error.name ? error.name + ' — ' : '') + error.message;
    link.addEventListener('click', (event) => {
      event.preventDefault();
      const input = error.field && error.field.querySelector('input, textarea, button');
      if (error.field) {
        error.field.scrollIntoView({block: 'center'});
      }
      if (input) {
        input.focus();
      }
    });
    if (i > 0) {
      note.appendChild(document.createTextNode(' · '));
    }
    note.appendChild(link);
  });
}

function follow(actions) {
  const angular = window.angular;
  if (!angular) {
    return;
  }
  const controller = angular.element(actions).controller('camTasklistForm');
  if (!controller || typeof controller.notifyFormValidated !== 'function') {
    return;
  }
  if (controller.aftermathFollowed) {
    return;
  }
  controller.aftermathFollowed = true;
  const notify = controller.notifyFormValidated;
  let pending = null;
  let reported = false;
  controller.notifyFormValidated = function (invalid) {
    reported = invalid;
    notify.call(controller, invalid);
    clearTimeout(pending);
    // form-js renders the field errors of a change after its "changed" event: look once they are on the page
    pending = setTimeout(() => settle(), 50);
  };

  function settle() {
    const host = actions.parentNode;
    const form = host && host.querySelector('.fjs-form');
    const tasklistForm = controller.getTasklistForm && controller.getTasklistForm();
    if (!form || (tasklistForm && tasklistForm.$error)) {
      // not a Camunda Form, or the form could not be loaded: Tasklist's own decision stands
      showNote(actions, []);
      return;
    }
    const errors = visibleErrors(form);
    if (reported && !errors.length) {
      reported = false;
      notify.call(controller, false);
    } else if (!reported && errors.length) {
      // a field shows an error form-js keeps outside its state ("Date and time must both be entered.")
      reported = true;
      notify.call(controller, true);
    }
    showNote(actions, errors);
  }
}

// The quality gate's findings name a section by its variable ("rootCause", "timeline[2].event"). The form that
// shows them has a field for each section (component id Field_<name>, in lists Field_<list>_<key>_<row>): show
// the field's label instead ("Root cause", "Timeline, entry 3: What happened"), and colour the severities.
function labelOf(form, componentId) {
  const element = form.querySelector('[id$="-' + componentId + '"]');
  const field = element && element.closest('.fjs-form-field');
  const label = field && field.querySelector('label, .fjs-form-field-label');
  return label ? label.textContent.replace(/\s+/g, ' ').replace(/\*\s*$/, '').trim() : null;
}

function sectionName(form, section) {
  const entry = /^(\w+)\[(\d+)\](?:\.(\w+))?$/.exec(section);
  if (!entry) {
    return labelOf(form, 'Field_' + section);
  }
  const [, list, row, key] = entry;
  const listLabel = labelOf(form, 'List_' + list) || list;
  const item = listLabel + ', entry ' + (Number(row) + 1);
  const keyLabel = key && labelOf(form, 'Field_' + list + '_' + key + '_' + row);
  return keyLabel ? item + ': ' + keyLabel : item;
}

// Changes the text of a cell form-js (preact) rendered in its own text node, so that a later render of the same
// row neither adds the original text again nor loses track of the node.
function setText(cell, text) {
  const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT, {
    acceptNode: (n) => (n.data.trim() ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_SKIP)
  });
  const node = walker.nextNode();
  if (node) {
    node.data = text;
  } else {
    cell.appendChild(document.createTextNode(text));
  }
}

function presentFindings() {
  document.querySelectorAll('.fjs-form [id$="-Table_qualityFindings"], .fjs-form .fjs-form-field-table')
    .forEach((table) => {
      const form = table.closest('.fjs-form');
      const headers = Array.from(table.querySelectorAll('th')).map((th) => th.textContent.trim());
      const severityColumn = headers.indexOf('Severity');
      const sectionColumn = headers.indexOf('Section');
      if (severityColumn < 0 || sectionColumn < 0) {
        return;
      }
      table.querySelectorAll('tbody tr').forEach((tr) => {
        const cells = tr.querySelectorAll('td');
        const severity = cells[severityColumn];
        if (severity && !severity.dataset.aftermath) {
          severity.dataset.aftermath = 'true';
          const value = severity.textContent.trim().toLowerCase();
          severity.classList.add('aftermath-severity', 'aftermath-severity-' + value);
        }
        const section = cells[sectionColumn];
        if (section && !section.dataset.aftermathSection) {
          const id = section.textContent.trim();
          const name = sectionName(form, id);
          section.dataset.aftermathSection = id;
          if (name) {
            setText(section, name);
            section.title = id;
          }
        }
      });
    });
}

// Tables of a form (the timeline so far, the contributions) show instants as the engine stores them
// ("2026-12-06T20:52:00Z"): write them for people, in UTC like the column labels ("Sun 6 Dec 2026, 20:52 UTC").
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;
const FOR_PEOPLE = new Intl.DateTimeFormat('en-GB', {
  weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit',
  hourCycle: 'h23', timeZone: 'UTC'
});

function forPeople(iso) {
  const parts = Object.fromEntries(FOR_PEOPLE.formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
  return `${parts.weekday} ${parts.day} ${parts.month} ${parts.year}, ${parts.hour}:${parts.minute} UTC`;
}

function presentDates() {
  document.querySelectorAll('.fjs-form .fjs-form-field-table td').forEach((td) => {
    const text = td.textContent.trim();
    if (ISO_INSTANT.test(text) && !Number.isNaN(Date.parse(text))) {
      setText(td, forPeople(text));
      td.title = text;
    }
  });
}

// Date entry: the form-js that Tasklist 7.24 ships takes the pattern of its date inputs from the browser's locale
// (`new Intl.DateTimeFormat("default")`, asked for 5 June 2020): mm/dd/yyyy in a US browser, dd/mm/yyyy in a British
// one, so "03/04/2026" meant a different day to different people. Aftermath answers exactly that question with the
// ISO pattern (the sv-SE locale writes dates as 2020-06-05), so every date input reads and shows yyyy-mm-dd, with that
// placeholder, whatever the browser's language. Every other use of Intl.DateTimeFormat is left as it is.
(function isoDateEntry() {
  const Native = Intl.DateTimeFormat;
  if (Native.aftermathIso) {
    return;
  }
  const IsoDefault = function DateTimeFormat(locales, options) {
    return new Native(locales === 'default' && options === undefined ? 'sv-SE' : locales, options);
  };
  IsoDefault.prototype = Native.prototype;
  IsoDefault.supportedLocalesOf = Native.supportedLocalesOf.bind(Native);
  IsoDefault.aftermathIso = true;
  Intl.DateTimeFormat = IsoDefault;
})();

// Time entry: a datetime field takes the time in the browser's time zone and stores it in UTC (form-js'
// utc_normalized). Its label says so ("Time (your browser's time zone)"); name that zone, so that a person reading
// "When (UTC)" in the timeline above knows what to type: "Time (Europe/Berlin)", its offset in the tooltip.
const BROWSER_ZONE_LABEL = "(your browser's time zone)";

function browserZone() {
  const zone = new Intl.DateTimeFormat().resolvedOptions().timeZone;
  const offset = -new Date().getTimezoneOffset();
  const hours = String(Math.floor(Math.abs(offset) / 60)).padStart(2, '0');
  const minutes = String(Math.abs(offset) % 60).padStart(2, '0');
  const utc = offset === 0 ? 'UTC' : 'UTC' + (offset < 0 ? '-' : '+') + hours + ':' + minutes;
  const name = !zone || zone === 'UTC' || zone === 'Etc/UTC' ? utc : zone;
  return {name, description: "your browser's time zone, " + (name === utc ? 'UTC' : utc)};
}

function presentTimeZones() {
  document.querySelectorAll('.fjs-form label').forEach((label) => {
    if (!label.textContent.includes(BROWSER_ZONE_LABEL)) {
      return;
    }
    const zone = browserZone();
    const walker = document.createTreeWalker(label, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.data.includes(BROWSER_ZONE_LABEL)) {
        node.data = node.data.replace(BROWSER_ZONE_LABEL, '(' + zone.name + ')');
      }
    }
    label.title = zone.description;
    // a long zone name wraps instead of being cut off
    label.style.whiteSpace = 'normal';
  });
}

function scan() {
  document.querySelectorAll('[cam-tasklist-form] .form-actions, .form-actions').forEach(follow);
  presentFindings();
  presentDates();
  presentTimeZones();
}

new MutationObserver(scan).observe(document.documentElement, {childList: true, subtree: true});
scan();

export default [];
