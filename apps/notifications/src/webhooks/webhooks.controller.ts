import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { OwnOrganisation, Roles } from '@hamkor/auth';
import { Idempotent, PageQueryDto } from '@hamkor/http';
import { CreateWebhookDto, UpdateWebhookDto } from './dto/webhook.dto';
import { WebhooksService } from './webhooks.service';

const orgId = () => Param('organisationId', new ParseUUIDPipe());
const hookId = () => Param('webhookId', new ParseUUIDPipe());

/** An organisation's own webhook endpoints: only its org_admin (or the operator) manages them. */
@ApiTags('webhooks')
@Controller('organisations/:organisationId/webhooks')
@Roles('org_admin')
@OwnOrganisation()
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Post()
  @Idempotent('notifications')
  @ApiOperation({ summary: 'Register a webhook endpoint; the answer carries its signing secret, shown only this once' })
  @ApiCreatedResponse({ description: 'registered', schema: { example: { id: 'c2a1...', url: 'https://hr.example.uz/hooks', eventTypes: ['internships.internship.completed'], active: true, secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' } } })
  create(@orgId() organisationId: string, @Body() dto: CreateWebhookDto) {
    return this.webhooks.create(organisationId, dto);
  }

  @Get()
  @ApiOperation({ summary: "List the organisation's webhook endpoints (paginated)" })
  list(@orgId() organisationId: string, @Query() q: PageQueryDto) {
    return this.webhooks.list(organisationId, q);
  }

  @Get(':webhookId')
  @ApiOkResponse({ description: 'the endpoint (without its secret)' })
  get(@orgId() organisationId: string, @hookId() id: string) {
    return this.webhooks.get(organisationId, id);
  }

  @Patch(':webhookId')
  @ApiOperation({ summary: 'Change the URL, the event types, the description, or disable/enable' })
  update(@orgId() organisationId: string, @hookId() id: string, @Body() dto: UpdateWebhookDto) {
    return this.webhooks.update(organisationId, id, dto);
  }

  @Delete(':webhookId')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'deleted; messages still queued for it are skipped' })
  delete(@orgId() organisationId: string, @hookId() id: string) {
    return this.webhooks.delete(organisationId, id);
  }

  @Get(':webhookId/deliveries')
  @ApiOperation({ summary: 'The delivery log of the endpoint, newest first (paginated): status, attempts, last HTTP status and error' })
  deliveries(@orgId() organisationId: string, @hookId() id: string, @Query() q: PageQueryDto) {
    return this.webhooks.deliveryLog(organisationId, id, q);
  }

  @Post(':webhookId/test')
  @HttpCode(202)
  @ApiOperation({ summary: 'Send a signed test event (notifications.webhook.test) to the endpoint' })
  @ApiAcceptedResponse({ description: 'queued', schema: { example: { deliveryId: '0b7c...', eventType: 'notifications.webhook.test', status: 'queued' } } })
  test(@orgId() organisationId: string, @hookId() id: string) {
    return this.webhooks.sendTest(organisationId, id);
  }
}
