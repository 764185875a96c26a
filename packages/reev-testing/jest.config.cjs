module.exports = { ...require('../../jest.preset.cjs'), displayName: 'reev-testing' };
