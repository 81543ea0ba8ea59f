import { Controller, Get, Query } from '@nestjs/common';
import { ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal } from '@hamkor/auth';
import { OutcomesQuery } from './dto/outcomes.query';
import { OutcomesService } from './outcomes.service';

@ApiTags('outcomes')
@Controller('outcomes')
export class OutcomesController {
  constructor(private readonly outcomes: OutcomesService) {}

  @Get()
  @ApiOperation({
    summary: 'Graduate outcomes: graduates, knowledge and employment rates, status breakdown, median months to first job, internship→hire conversion',
    description: 'Per school, cluster, region, specialty or cohort (filters combine; groupBy adds a breakdown). Aggregates only: no personal data.',
  })
  @ApiOkResponse({ description: 'the figures for the scope, with groups when groupBy is given' })
  @ApiForbiddenResponse({ description: 'the caller is not entitled to that scope' })
  report(@CurrentPrincipal() caller: Principal, @Query() q: OutcomesQuery) {
    return this.outcomes.report(caller, q);
  }
}
