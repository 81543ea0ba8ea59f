import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { PageQueryDto } from '@hamkor/http';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

export class UsageQuery extends PageQueryDto {
  @ApiProperty({ example: '2026-09', description: 'first month (in each resource time zone)' })
  @Matches(MONTH, { message: 'from must be a month like 2026-09' })
  from!: string;

  @ApiProperty({ example: '2027-06', description: 'last month, inclusive; at most 36 months after from' })
  @Matches(MONTH, { message: 'to must be a month like 2027-06' })
  to!: string;

  @ApiPropertyOptional({ enum: ['owner', 'borrower'], default: 'owner', description: 'usage of your resources, or your use of others' })
  @IsOptional()
  @IsIn(['owner', 'borrower'])
  as?: 'owner' | 'borrower';
}
