// Specs drive real runs (LiteSVM, libSQL) over real HTTP; under a full parallel run they need more than 5 s.
module.exports = { ...require('../../jest.preset.cjs'), displayName: 'reev-api', testTimeout: 60_000 };
