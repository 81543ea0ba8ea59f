/** OpenAPI response examples. */
export const CLUSTER_EXAMPLE = {
  id: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
  name: 'Chilonzor engineering cluster',
  region: 'UZ-TK',
  coordinatorId: '5b0d7a8e-7a4f-4d1e-9d43-1f2a3b4c5d6e',
  anchorUniversityId: '0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9',
  status: 'active',
  createdAt: '2026-09-01T09:00:00.000Z',
  updatedAt: '2026-09-03T11:00:00.000Z',
  members: [
    { organisationId: '5b0d7a8e-7a4f-4d1e-9d43-1f2a3b4c5d6e', role: 'coordinator', status: 'active', joinedAt: '2026-09-01T09:00:00.000Z' },
    { organisationId: '0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9', role: 'anchor', status: 'active', joinedAt: '2026-09-03T11:00:00.000Z' },
    { organisationId: '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a', role: 'member', status: 'invited', joinedAt: null },
  ],
};
