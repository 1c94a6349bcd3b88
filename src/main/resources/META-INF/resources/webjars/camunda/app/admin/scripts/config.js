// Aftermath's branding of Camunda Admin (Camunda's documented webapp customisation: this file replaces the
// webjar's scripts/config.js; styles/user-styles.css is loaded after Camunda's own styles).
export default {
  app: {
    name: 'Admin',
    vendor: 'Aftermath'
  },
  // links to the post-mortem library and the insights page in the header (aftermath/links.js); a login refused
  // for want of access says so (aftermath/login.js)
  customScripts: ['aftermath/links', 'aftermath/login'],
  disableWelcomeMessage: true
};
