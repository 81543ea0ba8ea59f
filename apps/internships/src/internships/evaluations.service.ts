import { ConflictException, Injectable, NotFoundException, UnprocessableEntityException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { inTransaction } from '@hamkor/persistence';
import { isPlatformAdmin, Principal } from '@hamkor/auth';
import { InternshipEvaluated } from '@hamkor/contracts';
import { OutboxWriter } from '@hamkor/messaging';
import { actingOrganisation } from '../acting-organisation';
import { AudienceService } from '../audience/audience.service';
import { PlacementsRepository } from '../placements/placements.repository';
import { Evaluation } from './evaluation.entity';
import { Internship } from './internship.entity';
import { averageOf, InternshipSummary } from './internship-summary';
import { internshipIds } from './internships.service';
import { InternshipsRepository } from './internships.repository';
import { EvaluateDto, SchoolAssessmentDto } from './dto/internship.dto';

const EVALUABLE = ['started', 'completed'];

/** The mentor's evaluation, the school's assessment, and the summary built from both. */
@Injectable()
export class EvaluationsService {
  constructor(
    @InjectDataSource('internships') private readonly ds: DataSource,
    private readonly internships: InternshipsRepository,
    private readonly placements: PlacementsRepository,
    private readonly audience: AudienceService,
    private readonly outbox: OutboxWriter,
  ) {}

  /** The enterprise mentor scores each competency of the placement; a later evaluation replaces the earlier one. */
  async evaluate(caller: Principal, id: string, dto: EvaluateDto): Promise<Evaluation> {
    const enterpriseId = actingOrganisation(caller);
    return inTransaction(this.ds, async (tx) => {
      const i = await this.evaluable(await this.internships.lockFor(tx, { enterpriseId }, id));
      const placement = (await this.placements.findById(i.placementId, tx))!;
      const scores: Record<string, number> = {};
      for (const s of dto.scores) {
        if (!placement.competencies.includes(s.competency)) {
          throw new UnprocessableEntityException(`"${s.competency}" is not a competency of this placement (${placement.competencies.join(', ')})`);
        }
        if (s.competency in scores) throw new UnprocessableEntityException(`"${s.competency}" is scored twice`);
        scores[s.competency] = s.score;
      }
      const missing = placement.competencies.filter((c) => !(c in scores));
      if (missing.length) throw new UnprocessableEntityException(`score every competency of the placement; missing: ${missing.join(', ')}`);
      const e = tx.create(Evaluation, {
        internshipId: i.id,
        party: 'enterprise',
        scores,
        grade: null,
        hours: dto.hours,
        comment: dto.comment ?? null,
        evaluatedBy: caller.userId,
        evaluatedAt: new Date(),
      });
      await this.internships.saveEvaluation(tx, e);
      await this.outbox.publish(tx, InternshipEvaluated, { ...internshipIds(i), by: 'enterprise', averageScore: averageOf(scores), hours: dto.hours });
      return e;
    });
  }

  async assess(caller: Principal, id: string, dto: SchoolAssessmentDto): Promise<Evaluation> {
    const schoolId = actingOrganisation(caller);
    return inTransaction(this.ds, async (tx) => {
      const i = await this.evaluable(await this.internships.lockFor(tx, { schoolId }, id));
      const e = tx.create(Evaluation, {
        internshipId: i.id,
        party: 'school',
        scores: null,
        grade: dto.grade,
        hours: null,
        comment: dto.comment ?? null,
        evaluatedBy: caller.userId,
        evaluatedAt: new Date(),
      });
      await this.internships.saveEvaluation(tx, e);
      await this.outbox.publish(tx, InternshipEvaluated, { ...internshipIds(i), by: 'school', averageScore: dto.grade });
      return e;
    });
  }

  /** The learner's school (or the operator) exports the summary of a completed internship. */
  async summary(caller: Principal, id: string): Promise<InternshipSummary> {
    const i = await this.internships.findFor(isPlatformAdmin(caller) ? 'anyone' : { schoolId: actingOrganisation(caller) }, id);
    if (!i) throw new NotFoundException('no such internship');
    if (i.status !== 'completed') throw new ConflictException(`a summary exists once the internship is completed; this one is ${i.status}`);
    const [placement, evaluations, names] = await Promise.all([
      this.placements.findById(i.placementId),
      this.internships.evaluationsOf(i.id),
      this.audience.names([i.schoolId, i.enterpriseId]),
    ]);
    const ev = evaluations.find((e) => e.party === 'enterprise');
    const sa = evaluations.find((e) => e.party === 'school');
    return {
      internshipId: i.id,
      learnerId: i.learnerId,
      school: { id: i.schoolId, name: names.get(i.schoolId) ?? null },
      enterprise: { id: i.enterpriseId, name: names.get(i.enterpriseId) ?? null },
      placement: { id: placement!.id, title: placement!.title, specialty: placement!.specialty, location: placement!.location, competencies: placement!.competencies },
      period: { plannedStart: i.startsOn, plannedEnd: i.endsOn, startedOn: i.startedOn, completedOn: i.completedOn },
      hours: ev?.hours ?? null,
      enterpriseEvaluation: ev ? { scores: ev.scores!, averageScore: averageOf(ev.scores!), comment: ev.comment, evaluatedAt: ev.evaluatedAt.toISOString() } : null,
      schoolAssessment: sa ? { grade: sa.grade!, comment: sa.comment, assessedAt: sa.evaluatedAt.toISOString() } : null,
      issuedAt: new Date().toISOString(),
    };
  }

  private async evaluable(i: Internship | null): Promise<Internship> {
    if (!i) throw new NotFoundException('no such internship');
    if (!EVALUABLE.includes(i.status)) throw new ConflictException(`an internship is evaluated once it has started; this one is ${i.status}`);
    return i;
  }
}
