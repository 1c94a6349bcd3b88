// Aftermath's branding of Camunda Tasklist (Camunda's documented webapp customisation: this file replaces the
// webjar's scripts/config.js; styles/user-styles.css is loaded after Camunda's own styles).
export default {
  app: {
    name: 'Tasklist',
    vendor: 'Aftermath'
  },
  // links to the post-mortem library and the insights page in the header (aftermath/links.js); Complete follows
  // the errors the Camunda Form shows, with a note that names them (aftermath/task-form.js); task lists sort by
  // priority, then due date, and every filter shows its count (aftermath/task-list.js) (issue 21)
  customScripts: ['aftermath/links', 'aftermath/login', 'aftermath/task-form', 'aftermath/task-list'],
  shortcuts: {
    claimTask: {key: 'ctrl+alt+c', description: 'claims the currently selected task'},
    focusFilter: {key: 'ctrl+shift+f', description: 'set the focus to the first filter in the list'},
    focusList: {key: 'ctrl+alt+l', description: 'sets the focus to the first task in the list'},
    focusForm: {key: 'ctrl+alt+f', description: 'sets the focus to the first input field in a task form'},
    startProcess: {key: 'ctrl+alt+p', description: 'opens the start process modal dialog'}
  },
  disableWelcomeMessage: true
};
