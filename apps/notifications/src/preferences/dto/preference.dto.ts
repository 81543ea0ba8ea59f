import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsIn } from 'class-validator';
import { ROUTED_EVENT_TYPES } from '../../routing/routing-table';

export const PERSON_CHANNELS = ['email', 'inbox'] as const;

export class PreferenceParams {
  @ApiProperty({ example: 'employment.graduate.follow_up_due', enum: ROUTED_EVENT_TYPES })
  @IsIn(ROUTED_EVENT_TYPES, { message: `eventType must be one of: ${ROUTED_EVENT_TYPES.join(', ')}` })
  eventType!: string;

  @ApiProperty({ example: 'email', enum: PERSON_CHANNELS })
  @IsIn(PERSON_CHANNELS)
  channel!: 'email' | 'inbox';
}

export class SetPreferenceDto {
  @ApiProperty({ example: false, description: 'false mutes this event type on this channel (critical types cannot be muted)' })
  @IsBoolean()
  enabled!: boolean;
}

export class PreferenceView {
  @ApiProperty({ example: 'employment.graduate.follow_up_due' })
  eventType!: string;

  @ApiProperty({ example: 'email', enum: PERSON_CHANNELS })
  channel!: string;

  @ApiProperty({ example: true })
  enabled!: boolean;

  @ApiProperty({ example: false, description: 'critical messages are always sent' })
  critical!: boolean;
}
