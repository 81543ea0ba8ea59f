import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsBoolean, IsIn, IsOptional, IsString, IsUrl, MaxLength } from 'class-validator';
import { WEBHOOK_EVENT_TYPES } from '../../routing/routing-table';

const URL_OPTIONS = { protocols: ['http', 'https'], require_protocol: true, require_tld: false, require_valid_protocol: true };

export class CreateWebhookDto {
  @ApiProperty({ example: 'https://hr.navoi-mining.uz/hooks/hamkor', description: 'http(s) URL that receives signed POSTs' })
  @IsUrl(URL_OPTIONS, { message: 'url must be an http(s) URL' })
  @MaxLength(2000)
  url!: string;

  @ApiProperty({ example: ['internships.internship.completed'], enum: WEBHOOK_EVENT_TYPES, isArray: true })
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ArrayUnique()
  @IsIn(WEBHOOK_EVENT_TYPES, { each: true, message: `each event type must be one of: ${WEBHOOK_EVENT_TYPES.join(', ')}` })
  eventTypes!: string[];

  @ApiPropertyOptional({ example: 'HR system, production' })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  description?: string;
}

export class UpdateWebhookDto {
  @ApiPropertyOptional({ example: 'https://hr.navoi-mining.uz/hooks/hamkor-v2' })
  @IsOptional()
  @IsUrl(URL_OPTIONS, { message: 'url must be an http(s) URL' })
  @MaxLength(2000)
  url?: string;

  @ApiPropertyOptional({ example: ['internships.internship.completed', 'partnerships.agreement.expiring'], enum: WEBHOOK_EVENT_TYPES, isArray: true })
  @IsOptional()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ArrayUnique()
  @IsIn(WEBHOOK_EVENT_TYPES, { each: true, message: `each event type must be one of: ${WEBHOOK_EVENT_TYPES.join(', ')}` })
  eventTypes?: string[];

  @ApiPropertyOptional({ example: 'HR system, staging' })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  description?: string;

  @ApiPropertyOptional({ example: false, description: 'a disabled endpoint receives nothing; queued messages to it are skipped' })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}
