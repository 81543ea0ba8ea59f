import { randomUUID } from 'node:crypto';
import { equipmentService } from '@hamkor/equipment';
import { as, TestPlatform, waitFor } from '@hamkor/testing';
import { actor, Actor, addDays, allDay, applied, mondayAhead, nextBerlinChangeSunday, PartnershipsEvents, resourceBody } from './equipment-fixtures';

/**
 * The equipment service through its public HTTP API, against the real PostgreSQL, Kafka and Redis.
 * Sharing scope comes only from real partnerships events (cluster membership, agreements) on Kafka.
 * One file on purpose: test files run side by side, and each would migrate the same schema at once.
 */
describe('equipment sharing', () => {
  const platform = new TestPlatform([equipmentService]);
  const partnerships = new PartnershipsEvents();
  let events: Array<{ type: string; data: any }>;
  let university: Actor, school: Actor, partnerSchool: Actor, enterprise: Actor, viewer: Actor, operator: Actor;

  beforeAll(async () => {
    await platform.start();
    await partnerships.start();
    events = await partnerships.follow('equipment.booking.v1');
    university = await actor(platform, as.coordinator('university'));
    school = await actor(platform, as.coordinator('school'));
    partnerSchool = await actor(platform, as.orgAdmin('school'));
    enterprise = await actor(platform, as.coordinator('enterprise'));
    viewer = await actor(platform, as.viewer('university', university.id as ReturnType<typeof randomUUID>));
    operator = await actor(platform, as.operator());
  });
  afterAll(async () => {
    await partnerships.close();
    await platform.stop();
  });

  async function list(owner: Actor, overrides: Record<string, unknown> = {}) {
    const res = await owner.post('/resources', resourceBody(overrides));
    expect(res.status).toBe(201);
    return res.body as { id: string; name: string; [k: string]: unknown };
  }
  const book = (who: Actor, resourceId: string, startsAt: string, endsAt: string, extra: Record<string, unknown> = {}) =>
    who.post(`/resources/${resourceId}/bookings`, { startsAt, endsAt, purpose: 'robotics club practice', participants: 10, ...extra });
  const tk = (date: string, hhmm: string) => `${date}T${hhmm}:00+05:00`;
  const utc = (s: string) => new Date(s).toISOString();
  function problem(res: { status: number; headers: Record<string, string>; body: any }, status: number, slug?: string) {
    expect({ status: res.status, type: res.headers['content-type'] }).toEqual({ status, type: expect.stringContaining('application/problem+json') });
    if (slug) expect(res.body.type).toBe(`https://hamkor.uz/problems/${slug}`);
    return res.body;
  }
  const eventFor = (type: string, bookingId: string) => events.find((e) => e.type === type && e.data.bookingId === bookingId);

  describe('resources', () => {
    it('are listed, shown and edited by their owner; bad input and other organisations are refused', async () => {
      const r = await list(university, { name: 'Physics lab', sharingScope: 'public', trainingRequirement: 'lab safety' });
      expect(r).toMatchObject({ ownerId: university.id, status: 'active', timeZone: 'Asia/Tashkent', minNoticeMinutes: 0, maxDurationMinutes: 480 });
      expect((await school.get(`/resources/${r.id}`)).body).toMatchObject({ id: r.id, name: 'Physics lab' });

      const edited = await university.patch(`/resources/${r.id}`, { name: 'Physics lab 2', approvalRequired: true });
      expect(edited.status).toBe(200);
      expect(edited.body).toMatchObject({ name: 'Physics lab 2', approvalRequired: true, capacity: 16 });
      problem(await enterprise.patch(`/resources/${r.id}`, { name: 'mine now' }), 403);
      problem(await university.patch(`/resources/${r.id}`, { capacity: 0 }), 400);

      const bad = problem(await university.post('/resources', resourceBody({ timeZone: 'Mars/Olympus', kind: 'castle' })), 400);
      expect(bad.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['timeZone', 'kind']));
      problem(await university.post('/resources', resourceBody({ openingHours: [{ weekday: 1, opens: '18:00', closes: '09:00' }] })), 400);
      problem(await university.post('/resources', resourceBody({ openingHours: [{ weekday: 8, opens: '09:00', closes: '25:00' }] })), 400);
      problem(await university.post('/resources', { ...resourceBody(), owner: enterprise.id }), 400);
      problem(await viewer.post('/resources', resourceBody()), 403);
      problem(await operator.post('/resources', resourceBody()), 403);
      problem(await school.get(`/resources/${randomUUID()}`), 404);
      problem(await school.get('/resources/not-a-uuid'), 400);
      problem(await platform.http.get(`/equipment/resources/${r.id}`), 401);
    });

    it('are found by kind, region, name and a wanted time window, page by page', async () => {
      const tag = `srch${randomUUID().slice(0, 6)}`;
      const monday = mondayAhead(2);
      const samarkandLab = await list(university, { name: `${tag} a lab`, region: 'UZ-SA' });
      await list(university, { name: `${tag} b machine`, region: 'UZ-SA', kind: 'machine' });
      await list(university, { name: `${tag} c lab`, region: 'UZ-TK' });
      expect((await book(school, samarkandLab.id, tk(monday, '10:00'), tk(monday, '12:00'))).status).toBe(201);

      const names = async (query: string) => {
        const res = await school.get(`/resources?name=${tag}&${query}`);
        expect(res.status).toBe(200);
        return res.body.items.map((r: { name: string }) => r.name);
      };
      expect(await names('kind=lab&region=UZ-SA')).toEqual([`${tag} a lab`]);
      expect(await names('kind=lab')).toEqual([`${tag} a lab`, `${tag} c lab`]);
      const window = (from: string, to: string) => `from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;
      expect(await names(`kind=lab&${window(tk(monday, '11:00'), tk(monday, '13:00'))}`)).toEqual([`${tag} c lab`]);
      expect(await names(`kind=lab&${window(tk(monday, '13:00'), tk(monday, '15:00'))}`)).toEqual([`${tag} a lab`, `${tag} c lab`]);
      expect(await names(window(tk(addDays(monday, 5), '10:00'), tk(addDays(monday, 5), '11:00')))).toEqual([]); // Saturday: closed

      const first = await school.get(`/resources?name=${tag}&limit=2`);
      expect(first.body.items).toHaveLength(2);
      const second = await school.get(`/resources?name=${tag}&limit=2&cursor=${first.body.nextCursor}`);
      expect(second.body.items.map((r: { name: string }) => r.name)).toEqual([`${tag} c lab`]);
      expect(second.body.nextCursor).toBeUndefined();

      problem(await school.get(`/resources?from=${encodeURIComponent(tk(monday, '10:00'))}`), 400);
      problem(await school.get('/resources?limit=1000'), 400);
      problem(await school.get('/resources?cursor=forged'), 400);
    });
  });

  describe('sharing scope, from partnerships events', () => {
    it('cluster: members of a cluster with the owner see and book; leaving the cluster ends it', async () => {
      const r = await list(university, { sharingScope: 'cluster' });
      const monday = mondayAhead(3);
      problem(await school.get(`/resources/${r.id}`), 404);
      problem(await book(school, r.id, tk(monday, '10:00'), tk(monday, '11:00')), 403);

      const clusterId = await partnerships.clusterWith([university, school].map((a) => ({ organisationId: a.id, organisationType: a.type })));
      await waitFor(async () => (await school.get(`/resources/${r.id}`)).status === 200, 20000, 'the school to see the cluster resource');
      expect((await book(school, r.id, tk(monday, '10:00'), tk(monday, '11:00'))).status).toBe(201);
      problem(await enterprise.get(`/resources/${r.id}`), 404);
      problem(await book(enterprise, r.id, tk(monday, '12:00'), tk(monday, '13:00')), 403);

      await partnerships.leaveCluster(clusterId, school.id);
      await waitFor(async () => (await school.get(`/resources/${r.id}`)).status === 404, 20000, 'the school to lose the cluster resource');
      problem(await book(school, r.id, tk(monday, '14:00'), tk(monday, '15:00')), 403);
    });

    it('partners: an active equipment agreement grants access; its expiry removes it for new bookings', async () => {
      const r = await list(university, { sharingScope: 'partners' });
      const monday = mondayAhead(3);
      const internshipsOnly = await partnerships.agreement([university.id, enterprise.id], ['internships']);
      const agreement = await partnerships.agreement([university.id, partnerSchool.id], ['equipment']);
      await applied(platform, internshipsOnly.eventId);
      await applied(platform, agreement.eventId);

      const held = await book(partnerSchool, r.id, tk(monday, '10:00'), tk(monday, '11:00'));
      expect(held.status).toBe(201);
      problem(await book(enterprise, r.id, tk(monday, '12:00'), tk(monday, '13:00')), 403);
      problem(await school.get(`/resources/${r.id}`), 404);

      await applied(platform, await agreement.expire());
      problem(await partnerSchool.get(`/resources/${r.id}`), 404);
      const late = problem(await book(partnerSchool, r.id, tk(monday, '14:00'), tk(monday, '15:00')), 403);
      expect(late.detail).toMatch(/partners/);
      // What was booked while the agreement was in force stands.
      expect((await partnerSchool.get(`/bookings/${held.body.id}`)).body.status).toBe('approved');
    });
  });

  describe('bookings', () => {
    it('respect opening hours in the resource time zone, blackouts, notice, duration, capacity and training; overlaps get 409 with the conflicting slot', async () => {
      const r = await list(university, { minNoticeMinutes: 1440, maxDurationMinutes: 180, capacity: 12, trainingRequirement: 'CNC safety induction' });
      const monday = mondayAhead(2);
      const trained = { trainingConfirmed: true };

      problem(await book(school, r.id, tk(monday, '10:00'), tk(monday, '12:00')), 422, 'training-required');
      const first = await book(school, r.id, tk(monday, '10:00'), tk(monday, '12:00'), trained);
      expect(first.status).toBe(201);
      expect(first.body).toMatchObject({ status: 'approved', holderId: school.id, startsAt: utc(tk(monday, '10:00')) });

      const clash = problem(await book(enterprise, r.id, tk(monday, '11:00'), tk(monday, '13:00'), trained), 409, 'booking-conflict');
      expect(clash.conflictingSlot).toEqual({ startsAt: utc(tk(monday, '10:00')), endsAt: utc(tk(monday, '12:00')) });
      expect(clash.conflictingSlot).not.toHaveProperty('holderId');
      // Ranges are half-open: a booking may start when the previous one ends.
      expect((await book(enterprise, r.id, tk(monday, '12:00'), tk(monday, '13:00'), trained)).status).toBe(201);
      // 04:00Z is 09:00 in Tashkent (open); 03:30Z is 08:30 (closed).
      expect((await book(school, r.id, `${monday}T04:00:00Z`, `${monday}T05:00:00Z`, trained)).status).toBe(201);
      problem(await book(school, r.id, `${monday}T03:30:00Z`, `${monday}T04:00:00Z`, trained), 422, 'outside-opening-hours');
      problem(await book(school, r.id, tk(monday, '17:00'), tk(monday, '18:30'), trained), 422, 'outside-opening-hours');
      problem(await book(school, r.id, tk(addDays(monday, 5), '10:00'), tk(addDays(monday, 5), '11:00'), trained), 422, 'outside-opening-hours');
      problem(await book(school, r.id, tk(monday, '13:00'), tk(monday, '17:00'), trained), 422, 'too-long');
      problem(await book(school, r.id, tk(monday, '13:00'), tk(monday, '14:00'), { ...trained, participants: 13 }), 422, 'over-capacity');
      const soon = new Date(Date.now() + 3_600_000).toISOString();
      problem(await book(school, r.id, soon, new Date(Date.parse(soon) + 3_600_000).toISOString(), trained), 422, 'too-short-notice');

      const tuesday = addDays(monday, 1);
      const blackout = await university.post(`/resources/${r.id}/blackouts`, { startsAt: tk(tuesday, '00:00'), endsAt: tk(addDays(tuesday, 1), '00:00'), reason: 'servicing' });
      expect(blackout.status).toBe(201);
      problem(await school.post(`/resources/${r.id}/blackouts`, { startsAt: tk(tuesday, '00:00'), endsAt: tk(tuesday, '01:00') }), 403);
      const refused = problem(await book(school, r.id, tk(tuesday, '10:00'), tk(tuesday, '11:00'), trained), 422, 'blackout');
      expect(refused.detail).toMatch(/servicing/);

      const free = await school.get(`/resources/${r.id}/availability?from=${encodeURIComponent(tk(monday, '00:00'))}&to=${encodeURIComponent(tk(addDays(monday, 3), '00:00'))}`);
      expect(free.status).toBe(200);
      expect(free.body.slots).toEqual([
        { startsAt: utc(tk(monday, '13:00')), endsAt: utc(tk(monday, '18:00')) },
        { startsAt: utc(tk(addDays(monday, 2), '09:00')), endsAt: utc(tk(addDays(monday, 2), '18:00')) },
      ]);
      await university.delete(`/resources/${r.id}/blackouts/${blackout.body.id}`).expect(204);
      expect((await book(school, r.id, tk(tuesday, '10:00'), tk(tuesday, '11:00'), trained)).status).toBe(201);

      problem(await book(school, r.id, tk(monday, '15:00'), tk(monday, '14:00'), trained), 400);
      problem(await book(school, r.id, `${monday}T15:00:00`, `${monday}T16:00:00`, trained), 400);
      problem(await book(school, r.id, tk(monday, '15:00'), tk(monday, '16:00'), { ...trained, participants: 'ten' }), 400);
      problem(await school.get(`/resources/${r.id}/availability?from=${encodeURIComponent(tk(monday, '00:00'))}&to=${encodeURIComponent(tk(addDays(monday, 90), '00:00'))}`), 400);
      problem(await viewer.post(`/resources/${r.id}/bookings`, { startsAt: tk(monday, '15:00'), endsAt: tk(monday, '16:00'), purpose: 'x y z', participants: 1 }), 403);
    });

    it('are checked against the resource as it is now, after its owner changed its terms or added a blackout', async () => {
      const r = await list(university, { timeZone: 'UTC', openingHours: allDay, capacity: 20 });
      const monday = mondayAhead(3);
      const at = (h: number) => `${monday}T${String(h).padStart(2, '0')}:00:00Z`;
      expect((await book(school, r.id, at(8), at(9))).body.status).toBe('approved');

      await university.patch(`/resources/${r.id}`, { approvalRequired: true, capacity: 5 }).expect(200);
      problem(await book(school, r.id, at(9), at(10)), 422, 'over-capacity');
      const pending = await book(school, r.id, at(9), at(10), { participants: 5 });
      expect(pending.status).toBe(201);
      expect(pending.body.status).toBe('pending');

      await university.post(`/resources/${r.id}/blackouts`, { startsAt: at(12), endsAt: at(14) }).expect(201);
      problem(await book(school, r.id, at(13), at(14), { participants: 5 }), 422, 'blackout');
      await university.patch(`/resources/${r.id}`, { openingHours: [{ weekday: 1, opens: '00:00', closes: '11:00' }] }).expect(200);
      problem(await book(school, r.id, at(10), at(12), { participants: 5 }), 422, 'outside-opening-hours');

      await university.post(`/resources/${r.id}/withdraw`).expect(200);
      problem(await book(school, r.id, at(10), at(11), { participants: 5 }), 404);
      problem(await book(university, r.id, at(10), at(11), { participants: 5 }), 409);
      await waitFor(() => !!eventFor('equipment.booking.requested', pending.body.id), 20000, 'the pending booking event');
      expect(eventFor('equipment.booking.requested', pending.body.id)!.data).toMatchObject({ status: 'pending', participants: 5 });
    });

    it('replay the first answer for a repeated Idempotency-Key', async () => {
      const r = await list(university);
      const monday = mondayAhead(2);
      const body = { startsAt: tk(monday, '10:00'), endsAt: tk(monday, '11:00'), purpose: 'open day rehearsal', participants: 5 };
      const key = `idem-${randomUUID()}`;
      const once = await school.post(`/resources/${r.id}/bookings`, body).set('Idempotency-Key', key);
      const again = await school.post(`/resources/${r.id}/bookings`, body).set('Idempotency-Key', key);
      expect(once.status).toBe(201);
      expect(again.status).toBe(201);
      expect(again.body.id).toBe(once.body.id);
      expect(again.headers['idempotent-replayed']).toBe('true');
    });

    it('need approval when the resource says so: the owner approves (and a reminder follows) or rejects; only the holder cancels', async () => {
      const r = await list(university, { approvalRequired: true, reminderMinutes: 120 });
      const monday = mondayAhead(4);
      const pending = await book(school, r.id, tk(monday, '10:00'), tk(monday, '12:00'));
      expect(pending.status).toBe(201);
      expect(pending.body.status).toBe('pending');
      const id = pending.body.id as string;

      problem(await school.post(`/bookings/${id}/approve`), 403);
      problem(await enterprise.post(`/bookings/${id}/approve`), 404);
      problem(await viewer.post(`/bookings/${id}/approve`), 403);
      const approved = await university.post(`/bookings/${id}/approve`);
      expect(approved.status).toBe(200);
      expect(approved.body.status).toBe('approved');
      problem(await university.post(`/bookings/${id}/approve`), 409);

      // Time travel: the reminder is due two hours before the start, and runs once.
      const start = Date.parse(tk(monday, '10:00'));
      const scheduler = platform.scheduler('equipment');
      await scheduler.runDue(new Date(start - 121 * 60_000)); // reminders of earlier tests' bookings
      expect(await scheduler.runDue(new Date(start - 121 * 60_000))).toBe(0);
      expect(await scheduler.runDue(new Date(start - 119 * 60_000))).toBe(1);
      expect(await scheduler.runDue(new Date(start - 119 * 60_000))).toBe(0);
      await waitFor(() => !!eventFor('equipment.booking.reminder_due', id), 20000, 'the reminder event');
      expect(eventFor('equipment.booking.reminder_due', id)!.data).toMatchObject({ holderId: school.id, ownerId: university.id, minutesBefore: 120 });

      const other = await book(enterprise, r.id, tk(monday, '13:00'), tk(monday, '14:00'));
      const rejected = await university.post(`/bookings/${other.body.id}/reject`, { reason: 'exam week' });
      expect(rejected.body).toMatchObject({ status: 'rejected', decisionReason: 'exam week' });
      expect((await book(school, r.id, tk(monday, '13:00'), tk(monday, '14:00'))).status).toBe(201);

      // A cancelled booking's reminder never fires.
      const later = await book(school, r.id, tk(monday, '15:00'), tk(monday, '16:00'));
      await university.post(`/bookings/${later.body.id}/approve`).expect(200);
      problem(await university.post(`/bookings/${later.body.id}/cancel`), 403);
      problem(await enterprise.post(`/bookings/${later.body.id}/cancel`), 404);
      const cancelled = await school.post(`/bookings/${later.body.id}/cancel`);
      expect(cancelled.body.status).toBe('cancelled');
      problem(await school.post(`/bookings/${later.body.id}/cancel`), 409);
      await platform.scheduler('equipment').runDue(new Date(Date.parse(tk(monday, '16:00'))));

      await waitFor(() => !!eventFor('equipment.booking.cancelled', later.body.id), 20000, 'the cancellation event');
      expect(eventFor('equipment.booking.requested', id)!.data).toMatchObject({ status: 'pending', participants: 10 });
      expect(eventFor('equipment.booking.approved', id)).toBeDefined();
      expect(eventFor('equipment.booking.rejected', other.body.id)!.data.reason).toBe('exam week');
      expect(eventFor('equipment.booking.cancelled', later.body.id)!.data.reason).toBe('holder_cancelled');
      expect(eventFor('equipment.booking.reminder_due', later.body.id)).toBeUndefined();

      const mine = await school.get(`/bookings?resourceId=${r.id}&limit=100`);
      expect(mine.body.items.map((b: { status: string }) => b.status).sort()).toEqual(['approved', 'cancelled', 'pending']);
      expect((await university.get(`/resources/${r.id}/bookings?status=rejected`)).body.items).toHaveLength(1);
      problem(await school.get(`/resources/${r.id}/bookings`), 403);
    });

    it('repeat weekly at the same local time across a daylight-saving change, with a result per occurrence', async () => {
      const sunday = nextBerlinChangeSunday();
      const spring = sunday.slice(5, 7) === '03';
      const [before, after] = spring ? ['+01:00', '+02:00'] : ['+02:00', '+01:00'];
      const week = (n: number) => addDays(sunday, -6 + 7 * n); // Mondays around the change
      const r = await list(university, {
        timeZone: 'Europe/Berlin',
        openingHours: [{ weekday: 1, opens: '09:00', closes: '17:00' }, { weekday: 7, opens: '00:00', closes: '24:00' }],
        maxDurationMinutes: 1500,
      });
      expect((await book(enterprise, r.id, `${week(2)}T09:30:00${after}`, `${week(2)}T10:30:00${after}`)).status).toBe(201);
      await university.post(`/resources/${r.id}/blackouts`, { startsAt: `${week(3)}T00:00:00${after}`, endsAt: `${week(3)}T23:00:00${after}` }).expect(201);

      const series = await school.post(`/resources/${r.id}/booking-series`, {
        startsAt: `${week(0)}T09:00:00${before}`,
        endsAt: `${week(0)}T11:00:00${before}`,
        purpose: 'weekly materials science practical',
        participants: 8,
        frequency: 'weekly',
        until: week(3),
      });
      expect(series.status).toBe(201);
      expect(series.body).toMatchObject({ booked: 2, notBooked: 2 });
      const o = series.body.occurrences;
      expect(o.map((x: { result: string }) => x.result)).toEqual(['booked', 'booked', 'conflicting', 'refused']);
      expect(o.map((x: { startsAt: string }) => x.startsAt)).toEqual([
        utc(`${week(0)}T09:00:00${before}`),
        utc(`${week(1)}T09:00:00${after}`), // still 09:00 in Berlin, one hour apart in UTC
        utc(`${week(2)}T09:00:00${after}`),
        utc(`${week(3)}T09:00:00${after}`),
      ]);
      expect(o[2].conflictingSlot).toEqual({ startsAt: utc(`${week(2)}T09:30:00${after}`), endsAt: utc(`${week(2)}T10:30:00${after}`) });
      expect(o[3].reason).toBe('blackout');
      expect(o[0].booking.seriesId).toBe(series.body.seriesId);

      // 16:00–17:00 on the Monday after the change is open; the same UTC slot read with the old offset is not.
      expect((await book(partnerSchool, r.id, `${week(1)}T16:00:00${after}`, `${week(1)}T17:00:00${after}`)).status).toBe(201);
      if (spring) problem(await book(partnerSchool, r.id, `${week(1)}T16:00:00${before}`, `${week(1)}T17:00:00${before}`), 422, 'outside-opening-hours');

      // The change day itself is 23 or 25 hours long.
      const day = await school.get(`/resources/${r.id}/availability?from=${encodeURIComponent(`${sunday}T00:00:00${before}`)}&to=${encodeURIComponent(`${addDays(sunday, 1)}T00:00:00${after}`)}`);
      expect(day.body.slots).toHaveLength(1);
      const hours = (Date.parse(day.body.slots[0].endsAt) - Date.parse(day.body.slots[0].startsAt)) / 3_600_000;
      expect(hours).toBe(spring ? 23 : 25);

      const none = await enterprise.post(`/resources/${r.id}/booking-series`, {
        startsAt: `${week(0)}T09:00:00${before}`, endsAt: `${week(0)}T10:00:00${before}`, purpose: 'clash', participants: 1, frequency: 'weekly', until: week(1),
      });
      expect(problem(none, 409, 'booking-conflict').occurrences).toHaveLength(2);
      problem(await school.post(`/resources/${r.id}/booking-series`, {
        startsAt: `${week(0)}T12:00:00${before}`, endsAt: `${week(0)}T13:00:00${before}`, purpose: 'too many', participants: 1, frequency: 'weekly', until: addDays(week(0), 7 * 60),
      }), 400);
      problem(await school.post(`/resources/${r.id}/booking-series`, {
        startsAt: `${week(0)}T12:00:00${before}`, endsAt: `${week(0)}T13:00:00${before}`, purpose: 'daily', participants: 1, frequency: 'daily', until: week(1),
      }), 400);
    });

    it('release a no-show after the grace period, and count checked-in time as used', async () => {
      const r = await list(university, { timeZone: 'UTC', openingHours: allDay, noShowGraceMinutes: 0, maxDurationMinutes: 600 });
      const end = new Date(Date.now() + 3_600_000).toISOString();
      // A few seconds of notice, so a slow machine does not turn it into a booking in the past.
      const start = new Date(Date.now() + 3000).toISOString();
      const noShow = await book(school, r.id, start, end);
      expect(noShow.status).toBe(201);
      problem(await school.post(`/bookings/${noShow.body.id}/no-show`), 403);
      let released: any;
      await waitFor(async () => {
        released = await university.post(`/bookings/${noShow.body.id}/no-show`);
        return released.status !== 409;
      }, 15000, 'the grace period to pass');
      expect(released.body.status).toBe('released');
      const rest = await book(enterprise, r.id, new Date(Date.now() + 3000).toISOString(), new Date(Date.now() + 6 * 60_000).toISOString());
      expect(rest.status).toBe(201);

      const used = await book(school, r.id, new Date(Date.now() + 2 * 3_600_000).toISOString(), new Date(Date.now() + 4 * 3_600_000).toISOString());
      problem(await school.post(`/bookings/${used.body.id}/check-in`), 409); // too early
      const soon = await book(school, r.id, new Date(Date.now() + 10 * 60_000).toISOString(), new Date(Date.now() + 40 * 60_000).toISOString());
      expect(soon.status).toBe(201);
      problem(await enterprise.post(`/bookings/${soon.body.id}/check-in`), 404);
      const checkedIn = await school.post(`/bookings/${soon.body.id}/check-in`);
      expect(checkedIn.status).toBe(200);
      expect(checkedIn.body.checkedInAt).toBeTruthy();
      problem(await university.post(`/bookings/${soon.body.id}/no-show`), 409);

      const month = (d: Date) => d.toISOString().slice(0, 7);
      const query = `from=${month(new Date())}&to=${month(new Date(Date.now() + 5 * 3_600_000))}`;
      const sum = (items: any[], borrower: string, key: 'bookedHours' | 'usedHours' | 'bookings') =>
        items.filter((u) => u.resourceId === r.id && u.borrowerId === borrower).reduce((s, u) => s + u[key], 0);
      const owner = await university.get(`/usage?${query}&limit=100`);
      expect(owner.status).toBe(200);
      expect(sum(owner.body.items, school.id, 'bookings')).toBe(3); // the no-show, the later one, the checked-in one
      expect(sum(owner.body.items, school.id, 'bookedHours')).toBeCloseTo(1 + 2 + 0.5, 1);
      expect(sum(owner.body.items, school.id, 'usedHours')).toBeCloseTo(0.5, 2);
      expect(sum(owner.body.items, enterprise.id, 'bookedHours')).toBeCloseTo(0.1, 1);
      const borrower = await school.get(`/usage?${query}&as=borrower`);
      expect(sum(borrower.body.items, school.id, 'usedHours')).toBeCloseTo(0.5, 2);
      expect(borrower.body.items.every((u: { borrowerId: string }) => u.borrowerId === school.id)).toBe(true);
      problem(await university.get('/usage?from=2026-13&to=2027-01'), 400);
      problem(await university.get('/usage?from=2027-01&to=2026-01'), 400);
    });

    it('are cancelled when the owner withdraws the resource, and their holders are told', async () => {
      const r = await list(university, { approvalRequired: true });
      const monday = mondayAhead(2);
      const approved = await book(school, r.id, tk(monday, '10:00'), tk(monday, '11:00'));
      await university.post(`/bookings/${approved.body.id}/approve`).expect(200);
      const pending = await book(enterprise, r.id, tk(monday, '11:00'), tk(monday, '12:00'));

      problem(await school.post(`/resources/${r.id}/withdraw`), 403);
      const withdrawn = await university.post(`/resources/${r.id}/withdraw`);
      expect(withdrawn.status).toBe(200);
      expect(withdrawn.body.status).toBe('withdrawn');
      expect((await school.get(`/bookings/${approved.body.id}`)).body.status).toBe('cancelled');
      expect((await enterprise.get(`/bookings/${pending.body.id}`)).body.status).toBe('cancelled');
      problem(await school.get(`/resources/${r.id}`), 404);
      problem(await book(school, r.id, tk(monday, '14:00'), tk(monday, '15:00')), 404);
      expect((await university.get(`/resources/${r.id}`)).body.status).toBe('withdrawn');
      problem(await university.patch(`/resources/${r.id}`, { name: 'back again' }), 409);

      await waitFor(() => [approved, pending].every((b) => eventFor('equipment.booking.cancelled', b.body.id)), 20000, 'cancellation events');
      expect(eventFor('equipment.booking.cancelled', approved.body.id)!.data).toMatchObject({ reason: 'resource_withdrawn', holderId: school.id });
    });

    it('export as iCalendar for the resource owner and for the holding organisation', async () => {
      const r = await list(university, { name: 'Robotics workshop, hall 2', location: 'Hall 2; ground floor' });
      const monday = mondayAhead(2);
      const b = await book(school, r.id, tk(monday, '10:00'), tk(monday, '12:00'));

      const ics = await university.get(`/resources/${r.id}/calendar.ics`);
      expect(ics.status).toBe(200);
      expect(ics.headers['content-type']).toContain('text/calendar');
      const text = ics.text as string;
      expect(text.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\n')).toBe(true);
      expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true);
      const compact = `${monday.replace(/-/g, '')}T050000Z`;
      expect(text).toContain(`UID:${b.body.id}@equipment.hamkor.uz\r\n`);
      expect(text).toContain(`DTSTART:${compact}\r\n`);
      expect(text).toContain('SUMMARY:Robotics workshop\\, hall 2\r\n');
      expect(text).toContain('LOCATION:Hall 2\\; ground floor\r\n');
      expect(text).toContain('STATUS:CONFIRMED');
      problem(await school.get(`/resources/${r.id}/calendar.ics`), 403);

      const held = await school.get('/bookings/calendar.ics');
      expect(held.status).toBe(200);
      expect(held.text).toContain(`UID:${b.body.id}@equipment.hamkor.uz`);
      expect((await enterprise.get('/bookings/calendar.ics')).text).not.toContain(b.body.id);
      expect((await university.get('/bookings/calendar.ics?as=owner')).text).toContain(b.body.id);
    });
  });

  it('500 simultaneous requests for overlapping slots: exactly one per non-overlapping slot succeeds, the rest get 409, never a 500', async () => {
    const r = await list(university, { timeZone: 'UTC', openingHours: allDay, maxDurationMinutes: 600 });
    const day = mondayAhead(5);
    // Ten groups two hours apart; within a group every request overlaps every other (exact or shifted by 30 minutes).
    const hour = (h: number, m = 0) => new Date(Date.parse(`${day}T00:00:00Z`) + (h * 60 + m) * 60_000).toISOString();
    const requests = Array.from({ length: 500 }, (_, i) => {
      const group = i % 10;
      const shift = Math.floor(i / 10) % 2 === 0 ? 0 : 30;
      return { group, startsAt: hour(group * 2, shift), endsAt: hour(group * 2 + 1, shift) };
    });
    const callers = [school, partnerSchool, enterprise, university];
    const tokens = await Promise.all(callers.map((c) => platform.token(c.caller)));
    const statuses: number[] = new Array(requests.length);
    const winners: number[] = [];
    let next = 0;
    // Bounded concurrency of real HTTP requests: the pool has 10 connections and the machine 2 cores.
    const worker = async () => {
      while (next < requests.length) {
        const i = next++;
        const res = await fetch(`${platform.url}/equipment/resources/${r.id}/bookings`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${tokens[i % tokens.length]}` },
          body: JSON.stringify({ startsAt: requests[i].startsAt, endsAt: requests[i].endsAt, purpose: 'race', participants: 1 }),
        });
        statuses[i] = res.status;
        const body = (await res.json()) as { conflictingSlot?: unknown };
        if (res.status === 201) winners.push(requests[i].group);
        if (res.status === 409) expect(body.conflictingSlot).toEqual({ startsAt: expect.any(String), endsAt: expect.any(String) });
      }
    };
    await Promise.all(Array.from({ length: 24 }, worker));

    const count = (s: number) => statuses.filter((x) => x === s).length;
    expect({ created: count(201), conflicts: count(409), other: statuses.filter((s) => s !== 201 && s !== 409) }).toEqual({ created: 10, conflicts: 490, other: [] });
    expect(winners.sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const live = await university.get(`/resources/${r.id}/bookings?limit=100`);
    const slots = live.body.items.map((b: { startsAt: string; endsAt: string }) => [Date.parse(b.startsAt), Date.parse(b.endsAt)]);
    expect(slots).toHaveLength(10);
    for (let i = 1; i < slots.length; i++) expect(slots[i][0]).toBeGreaterThanOrEqual(slots[i - 1][1]);
    // Requests arriving together share one statement (group commit): only the bookings it wrote have an
    // event, and each has exactly one.
    const ids = live.body.items.map((b: { id: string }) => b.id).sort();
    await waitFor(async () => ids.every((id: string) => eventFor('equipment.booking.requested', id)), 15000, 'the booking events');
    await new Promise((resolve) => setTimeout(resolve, 500));
    const requested = events.filter((e) => e.type === 'equipment.booking.requested' && e.data.resourceId === r.id).map((e) => e.data.bookingId);
    expect(requested.sort()).toEqual(ids);
  });
});
