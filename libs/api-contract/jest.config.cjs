module.exports = require('../../tools/jest/jest.preset.cjs')({
  displayName: 'api-contract',
  rootDir: __dirname,
});
