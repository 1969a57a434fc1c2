// Jest globalTeardown: removes the run's temporary folder (temp-root.js).
module.exports = async () => require('./temp-root').teardown();
