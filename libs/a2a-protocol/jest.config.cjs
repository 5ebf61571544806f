module.exports = require('../../jest.preset.cjs')({ displayName: 'a2a-protocol', rootDir: __dirname });
