import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal } from '@hamkor/auth';
import { UsageQuery } from './dto/usage.query';
import { UsageService } from './usage.service';

@ApiTags('usage')
@Controller('usage')
export class UsageController {
  constructor(private readonly usage: UsageService) {}

  @Get()
  @ApiOperation({ summary: 'Hours booked and used per month, resource and borrowing organisation (paginated)' })
  @ApiOkResponse({
    schema: {
      example: {
        items: [{ month: '2026-10', resourceId: 'a3d1c0de-4b2a-4c5e-9f10-2b3c4d5e6f70', resourceName: 'CNC machining lab', ownerId: '0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9', borrowerId: '5b0d7a8e-7a4f-4d1e-9d43-1f2a3b4c5d6e', bookings: 4, bookedHours: 8, usedHours: 6 }],
      },
    },
  })
  report(@CurrentPrincipal() caller: Principal, @Query() q: UsageQuery) {
    return this.usage.report(caller, q);
  }
}
