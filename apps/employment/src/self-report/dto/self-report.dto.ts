import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { ReportStatusDto } from '../../status/dto/report-status.dto';
import { OmitType } from '@nestjs/swagger';

export class IssueLinkDto {
  @ApiPropertyOptional({ example: 30, default: 30, minimum: 1, maximum: 90, description: 'days until the link expires' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(90)
  validForDays?: number;
}

export class IssuedLink {
  @ApiProperty({ example: 'eyJhbGciOiJIUzI1NiJ9…', description: 'the one-time token; the graduate sends it with their answer to POST /employment/self-report' }) token!: string;
  @ApiProperty({ example: '2027-01-29T10:00:00.000Z' }) expiresAt!: string;
  @ApiProperty({ format: 'uuid' }) followUpId!: string;
}

/** A graduate's own answer, authorised by the one-time token instead of an account. */
export class SelfReportDto extends OmitType(ReportStatusDto, ['employerId'] as const) {
  @ApiProperty({ example: 'eyJhbGciOiJIUzI1NiJ9…' })
  @IsString()
  @Length(10, 2000)
  token!: string;
}
