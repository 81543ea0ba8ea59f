import { randomUUID } from 'node:crypto';
import { partnershipsService } from '@hamkor/partnerships';
import { as, TestPlatform } from '@hamkor/testing';
import { expectProblem, Org, Partnerships } from './partnerships.fixtures';

describe('partnerships: organisations, people, clusters and activities', () => {
  const platform = new TestPlatform([partnershipsService]);
  const p = new Partnerships(platform);
  beforeAll(async () => {
    await platform.start();
    await p.init();
  });
  afterAll(() => platform.stop());

  describe('organisations', () => {
    it('an org_admin updates its own profile; the public change is published; others get 403', async () => {
      const school = await p.org('school', { name: 'Andijan School No. 4', region: 'UZ-AN' });
      const res = await platform.http
        .patch(`/partnerships/organisations/${school.id}`)
        .set('Authorization', `Bearer ${school.token}`)
        .send({ name: 'Andijan Specialised School No. 4', contactEmail: 'new@school4.uz' })
        .expect(200);
      expect(res.body).toMatchObject({ id: school.id, name: 'Andijan Specialised School No. 4', region: 'UZ-AN', contactEmail: 'new@school4.uz', verified: true });
      const events = await p.events(school.id);
      expect(events.map((e) => e.type)).toEqual(['partnerships.organisation.registered', 'partnerships.organisation.verified', 'partnerships.organisation.updated']);
      expect(events[2].data).toEqual({ organisationId: school.id, type: 'school', name: 'Andijan Specialised School No. 4', region: 'UZ-AN', verified: true });

      const other = await p.org('enterprise');
      expectProblem(await platform.http.patch(`/partnerships/organisations/${school.id}`).set('Authorization', `Bearer ${other.token}`).send({ name: 'Hijacked' }), 403);
      const viewer = await p.tokenFor(school, ['viewer']);
      expectProblem(await platform.http.patch(`/partnerships/organisations/${school.id}`).set('Authorization', `Bearer ${viewer}`).send({ name: 'X School' }), 403);
      expectProblem(await platform.http.patch(`/partnerships/organisations/${school.id}`).set('Authorization', `Bearer ${school.token}`).send({ type: 'university' }), 400, /type/);
      expectProblem(await platform.http.patch(`/partnerships/organisations/${school.id}`).set('Authorization', `Bearer ${school.token}`).send({ region: 'Tashkent' }), 400, /region/);
    });

    it('searches by type, region and name', async () => {
      const uni = await p.org('university', { name: 'Karakalpak State University', region: 'UZ-QR' });
      const res = await p.get(p.operatorToken, '/organisations?type=university&region=UZ-QR&name=karakalpak').expect(200);
      expect(res.body.items.map((o: { id: string }) => o.id)).toEqual([uni.id]);
    });

    it('an unverified organisation cannot act until the operator verifies it', async () => {
      const school = await p.org('school', { verified: false });
      const uni = await p.org('university');
      const denied = expectProblem(await p.post(school.token, '/clusters', { name: 'Early cluster', anchorUniversityId: uni.id }), 403, /not verified/);
      expect(denied.detail).toMatch(/verif/);
      await p.verify(school.id);
      await p.post(school.token, '/clusters', { name: 'Early cluster', anchorUniversityId: uni.id }).expect(201);
    });
  });

  describe('people', () => {
    it('an org_admin adds, updates and removes its people; each change is published with ids, roles and the work e-mail only', async () => {
      const school = await p.org('school');
      const added = await p.post(school.token, `/organisations/${school.id}/people`, { name: 'Dilnoza Karimova', email: 'd.karimova@school.uz', roles: ['coordinator'] }).expect(201);
      const personId = added.body.id;
      expect(added.body).toMatchObject({ organisationId: school.id, name: 'Dilnoza Karimova', roles: ['coordinator'], language: 'uz' });

      await platform.http
        .patch(`/partnerships/organisations/${school.id}/people/${personId}`)
        .set('Authorization', `Bearer ${school.token}`)
        .send({ roles: ['coordinator', 'mentor'], language: 'ru' })
        .expect(200);
      const list = await p.get(school.token, `/organisations/${school.id}/people?limit=10`).expect(200);
      expect(list.body.items).toEqual([expect.objectContaining({ id: personId, roles: ['coordinator', 'mentor'], language: 'ru' })]);

      await platform.http.delete(`/partnerships/organisations/${school.id}/people/${personId}`).set('Authorization', `Bearer ${school.token}`).expect(204);
      expect((await p.get(school.token, `/organisations/${school.id}/people`).expect(200)).body.items).toEqual([]);

      const events = await p.events(personId);
      expect(events.map((e) => e.type)).toEqual(['partnerships.person.added', 'partnerships.person.updated', 'partnerships.person.removed']);
      expect(events[0].data).toEqual({ personId, organisationId: school.id, roles: ['coordinator'], email: 'd.karimova@school.uz', language: 'uz' });
      expect(JSON.stringify(events)).not.toContain('Karimova'); // the name stays in partnerships
    });

    it("only the organisation's own org_admin manages its people; bad input is a 400", async () => {
      const school = await p.org('school');
      const other = await p.org('school');
      const body = { name: 'Aziz Rakhimov', email: 'aziz@school.uz', roles: ['mentor'] };
      expectProblem(await p.post(other.token, `/organisations/${school.id}/people`, body), 403);
      expectProblem(await p.post(await p.tokenFor(school, ['coordinator']), `/organisations/${school.id}/people`, body), 403);
      expectProblem(await p.get(other.token, `/organisations/${school.id}/people`), 403);
      expectProblem(await p.post(school.token, `/organisations/${school.id}/people`, { ...body, roles: ['platform_admin'] }), 400, /roles/);
      expectProblem(await p.post(school.token, `/organisations/${school.id}/people`, { ...body, email: 'not-an-email' }), 400, /email/);
      await p.post(school.token, `/organisations/${school.id}/people`, body).expect(201);
      expectProblem(await p.post(school.token, `/organisations/${school.id}/people`, { ...body, email: 'AZIZ@school.uz' }), 409);
      expectProblem(
        await platform.http.delete(`/partnerships/organisations/${school.id}/people/${randomUUID()}`).set('Authorization', `Bearer ${school.token}`),
        404,
      );
    });
  });

  describe('clusters', () => {
    it('a school creates a cluster, the anchor university accepts, members are invited, accept, decline, leave and are removed', async () => {
      const school = await p.org('school');
      const uni = await p.org('university');
      const enterprise = await p.org('enterprise');
      const centre = await p.org('employment_centre');
      const training = await p.org('training_centre');

      const created = await p.post(school.token, '/clusters', { name: 'Chilonzor engineering cluster', anchorUniversityId: uni.id }).expect(201);
      const clusterId = created.body.id;
      expect(created.body).toMatchObject({ status: 'awaiting_anchor', coordinatorId: school.id, anchorUniversityId: uni.id, region: 'UZ-TK' });
      expect(created.body.members).toEqual([
        expect.objectContaining({ organisationId: school.id, role: 'coordinator', status: 'active' }),
        expect.objectContaining({ organisationId: uni.id, role: 'anchor', status: 'invited' }),
      ]);

      const accepted = await p.post(uni.token, `/clusters/${clusterId}/invitation/accept`).expect(200);
      expect(accepted.body.status).toBe('active');

      for (const o of [enterprise, centre, training]) await p.post(school.token, `/clusters/${clusterId}/invitations`, { organisationId: o.id }).expect(200);
      expectProblem(await p.post(school.token, `/clusters/${clusterId}/invitations`, { organisationId: enterprise.id }), 409, /already invited/);
      await p.post(enterprise.token, `/clusters/${clusterId}/invitation/accept`).expect(200);
      await p.post(centre.token, `/clusters/${clusterId}/invitation/accept`).expect(200);
      await p.post(training.token, `/clusters/${clusterId}/invitation/decline`).expect(200);
      expectProblem(await p.post(training.token, `/clusters/${clusterId}/invitation/accept`), 404);

      await p.post(enterprise.token, `/clusters/${clusterId}/leave`).expect(204);
      await platform.http.delete(`/partnerships/clusters/${clusterId}/members/${centre.id}`).set('Authorization', `Bearer ${school.token}`).expect(204);

      const now = await p.get(enterprise.token, `/clusters/${clusterId}`).expect(200);
      expect(now.body.members.map((m: { organisationId: string }) => m.organisationId).sort()).toEqual([school.id, uni.id].sort());

      // One organisation may be in several clusters.
      const second = await p.post(school.token, '/clusters', { name: 'Second cluster', anchorUniversityId: uni.id }).expect(201);
      await p.post(uni.token, `/clusters/${second.body.id}/invitation/accept`).expect(200);
      const ofUni = await p.get(uni.token, `/clusters?memberId=${uni.id}`).expect(200);
      expect(ofUni.body.items.map((c: { id: string }) => c.id).sort()).toEqual([clusterId, second.body.id].sort());

      const events = await p.events(clusterId);
      expect(events.map((e) => [e.type.replace('partnerships.cluster.', ''), e.data.organisationId ?? e.data.coordinatorId, e.data.role ?? e.data.reason ?? ''])).toEqual([
        ['created', school.id, ''],
        ['member_joined', school.id, 'coordinator'],
        ['member_joined', uni.id, 'anchor'],
        ['member_joined', enterprise.id, 'member'],
        ['member_joined', centre.id, 'member'],
        ['member_left', enterprise.id, 'left'],
        ['member_left', centre.id, 'removed'],
      ]);
    });

    it('only the coordinator manages the cluster; only schools create one; the anchor must be a university', async () => {
      const school = await p.org('school');
      const uni = await p.org('university');
      const enterprise = await p.org('enterprise');
      expectProblem(await p.post(school.token, '/clusters', { name: 'Wrong anchor', anchorUniversityId: enterprise.id }), 422, /university/);
      expectProblem(await p.post(uni.token, '/clusters', { name: 'By a university', anchorUniversityId: uni.id }), 403);
      expectProblem(await p.post(school.token, '/clusters', { name: 'x', anchorUniversityId: 'nope' }), 400);
      const { body } = await p.post(school.token, '/clusters', { name: 'Guarded cluster', anchorUniversityId: uni.id }).expect(201);
      await p.post(uni.token, `/clusters/${body.id}/invitation/accept`).expect(200);
      expectProblem(await p.post(uni.token, `/clusters/${body.id}/invitations`, { organisationId: enterprise.id }), 403, /coordinator/);
      expectProblem(await platform.http.delete(`/partnerships/clusters/${body.id}/members/${uni.id}`).set('Authorization', `Bearer ${uni.token}`), 403);
      expectProblem(await p.post(school.token, `/clusters/${body.id}/leave`), 409, /coordinator/);
      expectProblem(await p.post(enterprise.token, `/clusters/${body.id}/leave`), 404);
      expectProblem(await p.get(school.token, `/clusters/${randomUUID()}`), 404);
    });
  });

  describe('cluster activities', () => {
    let school: Org;
    let uni: Org;
    let member: Org;
    let clusterId: string;
    const future = (hours: number) => new Date(Date.now() + hours * 3600_000).toISOString();

    beforeAll(async () => {
      school = await p.org('school');
      uni = await p.org('university');
      const { body } = await p.post(school.token, '/clusters', { name: 'Activities cluster', anchorUniversityId: uni.id }).expect(201);
      clusterId = body.id;
      await p.post(uni.token, `/clusters/${clusterId}/invitation/accept`).expect(200);
      member = await p.org('enterprise');
      await p.post(school.token, `/clusters/${clusterId}/invitations`, { organisationId: member.id }).expect(200);
      await p.post(member.token, `/clusters/${clusterId}/invitation/accept`).expect(200);
    });

    it('a member schedules an activity, members register counts, the organiser cancels; events follow', async () => {
      const created = await p
        .post(uni.token, `/clusters/${clusterId}/activities`, { kind: 'gifted_club', title: 'Robotics club', startsAt: future(48), endsAt: future(50), place: 'TSTU lab 214', capacity: 20 })
        .expect(201);
      const id = created.body.id;
      expect(created.body).toMatchObject({ organiserId: uni.id, status: 'scheduled', capacity: 20, registered: 0 });

      const reg = await p.post(school.token, `/activities/${id}/registrations`, { participants: 12 }).expect(201);
      expect(reg.body).toMatchObject({ participants: 12, remaining: 8 });
      expectProblem(await p.post(school.token, `/activities/${id}/registrations`, { participants: 9 }), 409, /8 remaining/);
      expect((await p.get(school.token, `/activities/${id}`).expect(200)).body).toMatchObject({ registered: 12, remaining: 8, yourParticipants: 12 });
      expect((await p.get(school.token, `/clusters/${clusterId}/activities`).expect(200)).body.items.map((a: { id: string }) => a.id)).toContain(id);

      expectProblem(await p.post(member.token, `/activities/${id}/cancel`), 403, /organiser or/);
      await p.post(uni.token, `/activities/${id}/cancel`).expect(200);
      expectProblem(await p.post(school.token, `/activities/${id}/registrations`, { participants: 1 }), 409, /cancelled/);

      const events = await p.events(id);
      expect(events.map((e) => e.type)).toEqual(['partnerships.activity.scheduled', 'partnerships.activity.cancelled']);
      expect(events[1].data).toMatchObject({ activityId: id, clusterId, cancelledBy: uni.id, registeredOrganisationIds: [school.id] });
    });

    it('50 concurrent registrations for 10 places fill it exactly, never more', async () => {
      const { body } = await p
        .post(uni.token, `/clusters/${clusterId}/activities`, { kind: 'olympiad_preparation', title: 'Olympiad prep', startsAt: future(24), endsAt: future(26), link: 'https://meet.example.uz/olymp', capacity: 10 })
        .expect(201);
      const results = await Promise.all(Array.from({ length: 50 }, (_, i) => p.post(i % 2 ? school.token : uni.token, `/activities/${body.id}/registrations`, { participants: 1 })));
      const statuses = results.map((r) => r.status);
      expect(statuses.filter((s) => s === 201)).toHaveLength(10);
      expect(statuses.filter((s) => s === 409)).toHaveLength(40);
      const [{ registered, rows }] = await p.ds.query(
        `SELECT a.registered, (SELECT coalesce(sum(participants), 0)::int FROM partnerships.activity_registration r WHERE r.activity_id = a.id) AS rows FROM partnerships.activity a WHERE a.id = $1`,
        [body.id],
      );
      expect({ registered, rows }).toEqual({ registered: 10, rows: 10 });
    });

    it('non-members cannot see or register; bad input is refused', async () => {
      const outsider = await p.org('school');
      const { body } = await p
        .post(school.token, `/clusters/${clusterId}/activities`, { kind: 'open_day', title: 'Open day', startsAt: future(72), endsAt: future(76), place: 'School hall', capacity: 100 })
        .expect(201);
      expectProblem(await p.post(outsider.token, `/activities/${body.id}/registrations`, { participants: 1 }), 403);
      expectProblem(await p.get(outsider.token, `/clusters/${clusterId}/activities`), 403);
      expectProblem(await p.post(outsider.token, `/clusters/${clusterId}/activities`, { kind: 'seminar', title: 'Intruder', startsAt: future(5), endsAt: future(6), place: 'x1', capacity: 5 }), 403);
      expectProblem(await p.post(school.token, `/activities/${body.id}/registrations`, { participants: 0 }), 400);
      expectProblem(await p.post(school.token, `/activities/${body.id}/registrations`, { participants: '3' }), 400);
      expectProblem(await p.post(school.token, `/clusters/${clusterId}/activities`, { kind: 'party', title: 'Party', startsAt: future(5), endsAt: future(6), place: 'x1', capacity: 5 }), 400, /kind/);
      expectProblem(await p.post(school.token, `/clusters/${clusterId}/activities`, { kind: 'seminar', title: 'Backwards', startsAt: future(6), endsAt: future(5), place: 'x1', capacity: 5 }), 422);
      expectProblem(await p.post(school.token, `/clusters/${clusterId}/activities`, { kind: 'seminar', title: 'Nowhere', startsAt: future(5), endsAt: future(6), capacity: 5 }), 422, /place/);
      expectProblem(await p.get(school.token, `/clusters/${clusterId}/activities?cursor=${Buffer.from('["x","y"]').toString('base64url')}`), 400, /cursor/);
      expectProblem(await p.post(await platform.token(as.viewer('school', school.id as ReturnType<typeof randomUUID>)), `/activities/${body.id}/registrations`, { participants: 1 }), 403);
    });
  });
});
