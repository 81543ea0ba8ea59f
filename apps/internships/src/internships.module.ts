import { Module } from '@nestjs/common';

/** Internships: Placements, nominations, confirmations, the internship lifecycle and evaluations. */
@Module({})
export class InternshipsModule {}
