import { BadRequestException, ForbiddenException, Injectable, NotFoundException, UnprocessableEntityException } from '@nestjs/common';
import { isPlatformAdmin, Principal } from '@hamkor/auth';
import { DEFAULT_PAGE_SIZE } from '@hamkor/http';
import { ClustersRepository } from '../clusters/clusters.repository';
import { ActingOrganisation } from '../organisations/acting-organisation';
import { OrganisationsRepository } from '../organisations/organisations.repository';
import { ForecastYear, forecastTotal, MAX_HORIZON } from './forecast';
import { StaffingReturn } from './staffing-return.entity';
import { ReturnScope, TeacherDemandRepository } from './teacher-demand.repository';
import { FileStaffingReturnDto, ForecastQuery, ListStaffingReturnsQuery } from './dto/teacher-demand.dto';

export interface Forecast {
  subject: string;
  baseYear: number;
  scope: { region?: string; clusterId?: string; schoolId?: string };
  schools: number;
  years: ForecastYear[];
}

@Injectable()
export class TeacherDemandService {
  constructor(
    private readonly returns: TeacherDemandRepository,
    private readonly clusters: ClustersRepository,
    private readonly organisations: OrganisationsRepository,
    private readonly acting: ActingOrganisation,
  ) {}

  async file(caller: Principal, dto: FileStaffingReturnDto): Promise<StaffingReturn> {
    const school = await this.acting.require(caller);
    const retiring = dto.retiring.reduce((a, b) => a + b, 0);
    if (retiring > dto.teachersNow) throw new UnprocessableEntityException(`${retiring} teachers retiring, but only ${dto.teachersNow} teach the subject now`);
    return this.returns.upsert({ ...dto, schoolId: school.id, filedAt: new Date() });
  }

  list(caller: Principal, q: ListStaffingReturnsQuery) {
    const schoolId = isPlatformAdmin(caller) ? q.schoolId : caller.organisationId;
    if (!schoolId) throw new BadRequestException('schoolId is required');
    if (!isPlatformAdmin(caller) && q.schoolId && q.schoolId !== caller.organisationId) throw new ForbiddenException('a school sees its own returns');
    return this.returns.listOfSchool(schoolId, q.year, q.limit ?? DEFAULT_PAGE_SIZE, q.cursor);
  }

  /**
   * Who reads what: the operator anything; a university a region or a cluster; a school its own
   * figures only. Everyone else is refused.
   */
  async forecast(caller: Principal, q: ForecastQuery): Promise<Forecast> {
    const given = [q.region, q.clusterId, q.schoolId].filter((x) => x !== undefined).length;
    const operator = isPlatformAdmin(caller);
    if (caller.organisationType === 'school' && !operator) {
      if (q.region || q.clusterId || (q.schoolId && q.schoolId !== caller.organisationId)) throw new ForbiddenException('a school reads the forecast of its own figures only');
      q.schoolId = caller.organisationId;
    } else if (caller.organisationType === 'university' && !operator) {
      if (q.schoolId) throw new ForbiddenException("a university reads regional and cluster forecasts, not one school's");
      if (given !== 1) throw new BadRequestException('give either region or clusterId');
    } else if (operator) {
      if (given !== 1) throw new BadRequestException('give exactly one of region, clusterId or schoolId');
    } else {
      throw new ForbiddenException('teacher-demand forecasts are read by universities, the operator, and a school for itself');
    }

    const scope: ReturnScope = {};
    if (q.region) scope.region = q.region;
    if (q.schoolId) scope.schoolIds = [q.schoolId];
    if (q.clusterId) {
      if (!(await this.clusters.findById(q.clusterId))) throw new NotFoundException('no such cluster');
      const members = await this.organisations.findByIds(await this.clusters.activeMemberIds(q.clusterId));
      scope.schoolIds = members.filter((o) => o.type === 'school').map((o) => o.id);
    }
    const found = await this.returns.forScope(q.year, q.subject, scope);
    const horizon = q.horizon ?? MAX_HORIZON;
    return {
      subject: q.subject,
      baseYear: q.year,
      scope: { region: q.region, clusterId: q.clusterId, schoolId: q.schoolId },
      schools: found.length,
      years: forecastTotal(found, q.year, horizon),
    };
  }
}
