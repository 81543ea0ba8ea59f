/** OpenAPI response examples. */
export const AGREEMENT_EXAMPLE = {
  id: '3f8a2c1e-9b7d-4e6f-a5c4-1b2d3e4f5a6b',
  title: 'Memorandum on internships and shared workshops',
  createdBy: '5b0d7a8e-7a4f-4d1e-9d43-1f2a3b4c5d6e',
  parties: ['5b0d7a8e-7a4f-4d1e-9d43-1f2a3b4c5d6e', '0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9'],
  scopes: ['internships', 'equipment'],
  startsOn: '2026-09-01',
  endsOn: '2027-08-31',
  documentRef: 'MoC-2026/114',
  status: 'active',
  terminatedBy: null,
  terminationReason: null,
  signedBy: ['5b0d7a8e-7a4f-4d1e-9d43-1f2a3b4c5d6e', '0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9'],
  createdAt: '2026-08-20T09:00:00.000Z',
  updatedAt: '2026-09-01T00:00:01.000Z',
};
