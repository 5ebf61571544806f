module.exports = require('../../tools/jest/jest.preset.cjs')({
  displayName: 'a2a-protocol',
  rootDir: __dirname,
});
