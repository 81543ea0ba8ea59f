import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { CurrentPrincipal, Principal, Roles } from '@hamkor/auth';
import { Idempotent } from '@hamkor/http';
import { AgreementsService } from './agreements.service';
import { CreateAgreementDto, ListAgreementsQuery, TerminateAgreementDto } from './dto/agreement.dto';
import { AGREEMENT_EXAMPLE } from './agreement.examples';
import { pageExample } from '../keyset';

const agreementId = () => Param('agreementId', new ParseUUIDPipe());

@ApiTags('agreements')
@ApiForbiddenResponse({ description: 'not a party, a role that may not act, or an organisation not yet verified' })
@Controller('agreements')
export class AgreementsController {
  constructor(private readonly agreements: AgreementsService) {}

  @Post()
  @Roles('org_admin', 'coordinator')
  @Idempotent('partnerships')
  @ApiOperation({ summary: 'Draft an agreement (memorandum of cooperation) between your organisation and others' })
  @ApiCreatedResponse({ description: 'the draft', schema: { example: AGREEMENT_EXAMPLE } })
  @ApiUnprocessableEntityResponse({ description: 'unknown parties, fewer than two, or dates out of order or past' })
  create(@CurrentPrincipal() caller: Principal, @Body() dto: CreateAgreementDto) {
    return this.agreements.create(caller, dto);
  }

  @Get()
  @ApiOperation({ summary: "Your organisation's agreements (the operator: all), by status and scope (paginated)" })
  @ApiOkResponse({ description: '{ items, nextCursor }', schema: { example: pageExample(AGREEMENT_EXAMPLE) } })
  list(@CurrentPrincipal() caller: Principal, @Query() q: ListAgreementsQuery) {
    return this.agreements.list(caller, q);
  }

  @Get(':agreementId')
  @ApiOperation({ summary: 'An agreement with the parties that have signed it (parties only)' })
  @ApiOkResponse({ description: 'the agreement', schema: { example: AGREEMENT_EXAMPLE } })
  @ApiNotFoundResponse({ description: 'no such agreement, or the caller is not a party' })
  get(@CurrentPrincipal() caller: Principal, @agreementId() id: string) {
    return this.agreements.view(caller, id);
  }

  @Post(':agreementId/propose')
  @HttpCode(200)
  @Roles('org_admin', 'coordinator')
  @ApiOperation({ summary: 'Propose a draft to the other parties for signature' })
  @ApiOkResponse({ description: 'the proposed agreement', schema: { example: AGREEMENT_EXAMPLE } })
  @ApiConflictResponse({ description: 'not a draft' })
  propose(@CurrentPrincipal() caller: Principal, @agreementId() id: string) {
    return this.agreements.propose(caller, id);
  }

  @Post(':agreementId/sign')
  @HttpCode(200)
  @Roles('org_admin')
  @ApiOperation({
    summary: 'Sign for your own organisation',
    description: 'When every party has signed, the agreement is active from its start date (at once if that has come), expires the day after its end date, and its parties are reminded AGREEMENT_EXPIRY_REMINDER_DAYS (default 30) days before.',
  })
  @ApiOkResponse({ description: 'the agreement', schema: { example: AGREEMENT_EXAMPLE } })
  @ApiConflictResponse({ description: 'not proposed (e.g. expired or terminated), or already signed by your organisation' })
  sign(@CurrentPrincipal() caller: Principal, @agreementId() id: string) {
    return this.agreements.sign(caller, id);
  }

  @Post(':agreementId/terminate')
  @HttpCode(200)
  @Roles('org_admin')
  @ApiOperation({ summary: 'Terminate a signed or active agreement, with a reason (any party)' })
  @ApiOkResponse({ description: 'the terminated agreement', schema: { example: AGREEMENT_EXAMPLE } })
  @ApiConflictResponse({ description: 'not signed or active' })
  terminate(@CurrentPrincipal() caller: Principal, @agreementId() id: string, @Body() dto: TerminateAgreementDto) {
    return this.agreements.terminate(caller, id, dto);
  }
}
