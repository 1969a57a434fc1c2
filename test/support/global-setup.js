// Jest globalSetup: the run's temporary folder (temp-root.js), then the checker notice.
const { setup } = require('./temp-root');
const checkerNotice = require('./checker-notice');

module.exports = async () => {
  setup();
  await checkerNotice();
};
